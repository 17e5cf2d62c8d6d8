package org.transfer4j.eval;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.io.AtomicFiles;

/**
 * Draws a confusion matrix as a heat map PNG with XChart: true classes down the left (first class
 * at the top), predicted classes along the bottom, one cell per pair. Two flavours: raw counts and
 * row-normalised (each row sums to 1, the per-class recall on the diagonal), which is the readable
 * one when classes are imbalanced.
 *
 * <p>Legibility: the image grows with the number of classes (about 22 pixels per class beyond a
 * minimum, so 77 BANKING77 intents give a roughly 2,300 pixel square), x labels are rotated
 * vertically, long class names are shortened with an ellipsis, and cell values are printed only
 * while the cells are large enough to hold them (up to 30 classes).
 *
 * <pre>{@code
 * ConfusionHeatmap.write(cm, dir.resolve("confusion.png"), false);
 * ConfusionHeatmap.write(cm, dir.resolve("confusion_normalized.png"), true);
 * }</pre>
 */
public final class ConfusionHeatmap {
  /** Class names longer than this are cut (with an ellipsis) on the axes. */
  static final int MAX_LABEL_CHARS = 28;

  static final int VALUES_UP_TO_CLASSES = 30;

  private ConfusionHeatmap() {}

  /** Writes the heat map of {@code cm} to {@code png} atomically. */
  public static void write(ConfusionMatrix cm, Path png, boolean normalized) throws IOException {
    AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart(cm, normalized), PNG));
  }

  private static final BitmapEncoder.BitmapFormat PNG = BitmapEncoder.BitmapFormat.PNG;

  /** The XChart chart (for callers that want to embed or restyle it). */
  public static HeatMapChart chart(ConfusionMatrix cm, boolean normalized) {
    int n = cm.size();
    int cell = n <= 10 ? 60 : n <= VALUES_UP_TO_CLASSES ? 34 : 22;
    int longest = 0;
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String label : cm.labels()) {
      String s = shorten(label);
      // XChart needs distinct, non-empty category names.
      while (!seen.add(s)) {
        s = s + "'";
      }
      names.add(s);
      longest = Math.max(longest, s.length());
    }
    int labelSpace = 40 + longest * 8; // room for the rotated x labels and the y labels
    int side = 120 + labelSpace + n * cell;
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side + 110) // + colour scale
            .height(side)
            .title(
                (normalized ? "Confusion matrix, row-normalised" : "Confusion matrix, counts")
                    + String.format(Locale.ROOT, " (%d examples)", cm.total()))
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendVisible(true);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setXAxisLabelRotation(90);
    int tickFont = n <= VALUES_UP_TO_CLASSES ? 13 : 12;
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, tickFont));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setPlotContentSize(1.0);
    styler.setDrawBorder(n <= VALUES_UP_TO_CLASSES);
    // White for zero through blue, from matplotlib's "Blues" colour map; stopped short of its
    // darkest shade so the black cell values stay readable on the largest cells.
    styler.setRangeColors(
        new Color[] {
          new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x2171B5)
        });
    styler.setMin(0);
    styler.setShowValue(n <= VALUES_UP_TO_CLASSES);
    styler.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, n <= 10 ? 13 : 10));
    styler.setValueFontColor(Color.BLACK);
    if (normalized) {
      styler.setHeatMapValueDecimalPattern("0.00");
    } else {
      styler.setHeatMapValueDecimalPattern("#,##0");
    }

    // XChart draws the first y category at the bottom; reverse so row 0 is at the top as in a
    // printed matrix.
    List<String> ys = new ArrayList<>(names);
    Collections.reverse(ys);
    double[][] normalizedRows = normalized ? cm.rowNormalized() : null;
    double max = 0;
    List<Number[]> cells = new ArrayList<>(n * n);
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        double v = normalized ? normalizedRows[t][p] : cm.count(t, p);
        max = Math.max(max, v);
        cells.add(new Number[] {p, n - 1 - t, v});
      }
    }
    styler.setMax(normalized || max <= 0 ? 1 : max);
    chart.addSeries(normalized ? "fraction" : "count", names, ys, cells);
    return chart;
  }

  /**
   * A label cut to {@value #MAX_LABEL_CHARS} characters with an ellipsis ("(blank)" when blank).
   */
  public static String shorten(String label) {
    if (label.isBlank()) {
      return "(blank)";
    }
    return label.length() <= MAX_LABEL_CHARS
        ? label
        : label.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
  }
}
