package org.transfer4j.data;

import java.util.Objects;

/**
 * Which CSV/TSV columns or JSONL keys hold the text, the optional pair text and the label.
 *
 * <pre>{@code
 * ClassificationColumns banking = new ClassificationColumns("text", null, "category");
 * ClassificationColumns nli = new ClassificationColumns("premise", "hypothesis", "label");
 * }</pre>
 *
 * @param text the text column (required)
 * @param pair the pair column, or {@code null} for single-text tasks
 * @param label the label column, or {@code null} for unlabeled (prediction) files
 */
public record ClassificationColumns(String text, String pair, String label) {
  public ClassificationColumns {
    Objects.requireNonNull(text, "text column");
  }

  /** {@code text}, {@code text_pair} (used when present in JSONL), {@code label}. */
  public static ClassificationColumns defaults() {
    return new ClassificationColumns("text", null, "label");
  }
}
