package org.transfer4j.data;

import java.util.List;
import java.util.Objects;

/**
 * One classification example as read from a file.
 *
 * @param text the text
 * @param pair the second text of a pair task, or {@code null}
 * @param labels the labels: one for single-label tasks, several for multi-label, none when the file
 *     has no labels (prediction input)
 * @param source {@code file:line}, for error messages
 */
public record TextExample(String text, String pair, List<String> labels, String source) {
  public TextExample {
    Objects.requireNonNull(text, "text");
    labels = List.copyOf(labels);
  }

  /** The single label; fails for multi-label or unlabeled examples. */
  public String label() {
    if (labels.size() != 1) {
      throw new IllegalStateException(source + ": has " + labels.size() + " labels, not one");
    }
    return labels.get(0);
  }
}
