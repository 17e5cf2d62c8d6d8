package org.transfer4j.embed;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.BadInputException;
import org.transfer4j.data.TextRecords;
import org.transfer4j.eval.ConfusionHeatmap;
import org.transfer4j.io.AtomicFiles;

/**
 * The {@code similarity} verb's work: the cosine similarity of every pair of a few texts, written
 * as {@code matrix.csv} (the texts as header row and first column) and a labelled heat map {@code
 * heatmap.png} drawn like the confusion matrices of {@link ConfusionHeatmap} (XChart, first text at
 * the top, values printed in the cells while they fit).
 *
 * <pre>{@code
 * List<String> texts = Similarity.readTexts(Path.of("sentences.txt"), null);
 * double[][] m = Similarity.cosine(encoder.encode(texts));
 * Similarity.write(texts, m, Path.of("out"), "all-MiniLM-L6-v2");
 * }</pre>
 */
public final class Similarity {
  /** More texts make an unreadable picture; nearest-neighbour search is for large sets. */
  public static final int MAX_TEXTS = 100;

  static final int VALUES_UP_TO = 30;

  private Similarity() {}

  /** The texts of {@code input} ({@link TextRecords}); at most {@value #MAX_TEXTS}. */
  public static List<String> readTexts(Path input, String column) throws IOException {
    List<String> out = new ArrayList<>();
    try (TextRecords r = TextRecords.open(input, column)) {
      while (r.hasNext()) {
        String t = r.next();
        if (out.size() == MAX_TEXTS) {
          throw new BadInputException(
              input
                  + ": more than "
                  + MAX_TEXTS
                  + " texts; a similarity matrix is for a few sentences (give at most "
                  + MAX_TEXTS
                  + "), use 'index build' and 'index search' for nearest neighbours in large sets");
        }
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(
          input + ": no texts (the file is empty, only blank lines or only a header row)");
    }
    return out;
  }

  /** Cosine similarities {@code (n, n)} of the rows of {@code v} (normalised here). */
  public static double[][] cosine(float[][] v) {
    int n = v.length;
    double[][] unit = new double[n][];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (float x : v[i]) {
        norm += (double) x * x;
      }
      norm = Math.max(Math.sqrt(norm), 1e-12);
      unit[i] = new double[v[i].length];
      for (int d = 0; d < v[i].length; d++) {
        unit[i][d] = v[i][d] / norm;
      }
    }
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double dot = 0;
        for (int d = 0; d < unit[i].length; d++) {
          dot += unit[i][d] * unit[j][d];
        }
        m[i][j] = dot;
        m[j][i] = dot;
      }
    }
    return m;
  }

  /** Writes {@code matrix.csv} and {@code heatmap.png} into {@code dir}, each atomically. */
  public static void write(List<String> texts, double[][] m, Path dir, String model)
      throws IOException {
    StringWriter csv = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(csv, CSVFormat.DEFAULT)) {
      List<String> header = new ArrayList<>();
      header.add("");
      header.addAll(texts);
      p.printRecord(header);
      for (int i = 0; i < texts.size(); i++) {
        List<String> row = new ArrayList<>();
        row.add(texts.get(i));
        for (double x : m[i]) {
          row.add(String.format(Locale.ROOT, "%.6f", x));
        }
        p.printRecord(row);
      }
    }
    AtomicFiles.writeString(dir.resolve("matrix.csv"), csv.toString());
    AtomicFiles.writeBytes(
        dir.resolve("heatmap.png"),
        BitmapEncoder.getBitmapBytes(chart(texts, m, model), BitmapEncoder.BitmapFormat.PNG));
  }

  /** The labelled heat map (for callers that want to embed or restyle it). */
  public static HeatMapChart chart(List<String> texts, double[][] m, String model) {
    int n = texts.size();
    int cell = n <= 10 ? 70 : n <= VALUES_UP_TO ? 36 : 20;
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int longest = 0;
    for (String t : texts) {
      String s = ConfusionHeatmap.shorten(t);
      while (!seen.add(s)) {
        s = s + "'"; // XChart needs distinct category names
      }
      names.add(s);
      longest = Math.max(longest, s.length());
    }
    int labelSpace = 40 + longest * 8;
    int side = 120 + labelSpace + n * cell;
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side + 110)
            .height(side)
            .title("Cosine similarity (" + model + ")")
            .build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendVisible(true);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setXAxisLabelRotation(90);
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setPlotContentSize(1.0);
    styler.setDrawBorder(n <= VALUES_UP_TO);
    // matplotlib's "Blues", as the confusion matrices; cosines of sentence vectors are rarely
    // below 0, so the scale runs from min(0, lowest) to 1.
    styler.setRangeColors(
        new Color[] {
          new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x2171B5)
        });
    double min = 0;
    List<Number[]> cells = new ArrayList<>(n * n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        min = Math.min(min, m[i][j]);
        cells.add(new Number[] {j, n - 1 - i, m[i][j]});
      }
    }
    // A round lower end (one decimal) keeps the colour scale's label short.
    styler.setMin(Math.floor(min * 10) / 10);
    styler.setMax(1);
    styler.setShowValue(n <= VALUES_UP_TO);
    styler.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, n <= 10 ? 13 : 10));
    styler.setValueFontColor(Color.BLACK);
    styler.setHeatMapValueDecimalPattern("0.00");
    // XChart draws the first y category at the bottom; reversed so text 0 is the top row.
    List<String> ys = new ArrayList<>(names);
    Collections.reverse(ys);
    chart.addSeries("cosine", names, ys, cells);
    return chart;
  }
}
