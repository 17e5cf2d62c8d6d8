package org.transfer4j.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * PNG plots at the end of a run, with XChart: {@code loss.png} (training loss per step) and one
 * {@code <metric>.png} per validation metric (per epoch). Each file is written to a temp file and
 * moved into place.
 */
public final class TrainingPlots {
  private TrainingPlots() {}

  /** Writes a line chart of y over x to {@code file}. */
  public static void line(
      Path file, String title, String xLabel, String yLabel, double[] x, double[] y)
      throws IOException {
    if (x.length == 0) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setMarkerSize(x.length > 50 ? 0 : 6);
    chart.addSeries(yLabel, x, y);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".plot", ".png");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Loss per step and every evaluation metric per epoch into {@code dir}. */
  public static void write(Path dir, List<Trainer.StepLog> steps, List<Trainer.EvalLog> evaluations)
      throws IOException {
    double[] sx = new double[steps.size()];
    double[] sy = new double[steps.size()];
    for (int i = 0; i < sx.length; i++) {
      sx[i] = steps.get(i).step();
      sy[i] = steps.get(i).loss();
    }
    line(dir.resolve("loss.png"), "training loss", "step", "loss", sx, sy);
    if (evaluations.isEmpty()) {
      return;
    }
    for (String metric : evaluations.get(evaluations.size() - 1).metrics().keySet()) {
      double[] ex = new double[evaluations.size()];
      double[] ey = new double[evaluations.size()];
      int n = 0;
      for (Trainer.EvalLog e : evaluations) {
        Map<String, Double> m = e.metrics();
        if (m.containsKey(metric) && Double.isFinite(m.get(metric))) {
          ex[n] = e.epoch();
          ey[n] = m.get(metric);
          n++;
        }
      }
      String safe = metric.replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT);
      line(
          dir.resolve("eval_" + safe + ".png"),
          "validation " + metric,
          "epoch",
          metric,
          java.util.Arrays.copyOf(ex, n),
          java.util.Arrays.copyOf(ey, n));
    }
  }
}
