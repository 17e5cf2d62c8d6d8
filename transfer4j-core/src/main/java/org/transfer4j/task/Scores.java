package org.transfer4j.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A split's scores: the metrics (for early stopping and the result), the text report printed to the
 * console, and the report files.
 *
 * @param metrics named metrics, e.g. {@code accuracy}, {@code macro_f1}, {@code f1}
 * @param text the console report (scikit-learn's table, or conlleval's)
 * @param files writes the report files into a folder
 */
public record Scores(Map<String, Double> metrics, String text, Files files) {
  /** Writes report files ({@code report.json}, {@code report.csv}, heat maps...). */
  @FunctionalInterface
  public interface Files {
    void write(Path dir) throws IOException;
  }

  /** Scores a split from every example's logits (in the split's order). */
  @FunctionalInterface
  public interface Scorer {
    Scores score(float[][] outputs);
  }

  public Scores {
    metrics = Map.copyOf(metrics);
  }
}
