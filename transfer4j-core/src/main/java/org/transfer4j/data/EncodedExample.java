package org.transfer4j.data;

import java.util.List;

/**
 * One encoded fine-tuning example, ready for {@link FineTuneBatcher}: one input (or one per choice
 * for multiple choice) and its labels.
 *
 * <pre>{@code
 * EncodedExample.sequence(enc.encode(e.text(), e.pair()), labels.id(e.label()));
 * EncodedExample.tokens(in, LabelAlignment.firstSubToken(in.wordIds(), wordLabels));
 * EncodedExample.choices(mc.encode(enc), mc.label());
 * }</pre>
 *
 * @param inputs the input, or one per choice
 * @param labels the labels (see {@link Kind})
 * @param kind what the labels are
 */
public record EncodedExample(List<EncodedInput> inputs, long[] labels, Kind kind) {
  /** The label layout of an example. */
  public enum Kind {
    /** One class id per example: labels {@code (1)}, batch labels {@code (batch)}. */
    SEQUENCE,
    /** A 0/1 vector over the label set: labels {@code (K)}, batch labels {@code (batch, K)}. */
    MULTI_HOT,
    /**
     * One label per token, {@link Labels#IGNORE} where none: labels {@code (seq)}, batch labels
     * {@code (batch, seq)} padded with {@link Labels#IGNORE}.
     */
    TOKEN,
    /** Several choices, the right one's index: labels {@code (1)}, batch labels {@code (batch)}. */
    CHOICE,
    /** No labels (prediction input): batch labels empty. */
    NONE
  }

  public EncodedExample {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("an example needs at least one input");
    }
    if (kind != Kind.CHOICE && inputs.size() != 1) {
      throw new IllegalArgumentException(kind + " examples have one input, got " + inputs.size());
    }
    if ((kind == Kind.SEQUENCE || kind == Kind.CHOICE) && labels.length != 1) {
      throw new IllegalArgumentException(kind + " examples have one label, got " + labels.length);
    }
    if (kind == Kind.TOKEN && labels.length != inputs.get(0).length()) {
      throw new IllegalArgumentException(
          "token labels: " + labels.length + " labels for " + inputs.get(0).length() + " tokens");
    }
    if (kind == Kind.NONE && labels.length != 0) {
      throw new IllegalArgumentException("unlabeled examples have no labels");
    }
  }

  public static EncodedExample sequence(EncodedInput in, long label) {
    return new EncodedExample(List.of(in), new long[] {label}, Kind.SEQUENCE);
  }

  public static EncodedExample multiHot(EncodedInput in, long[] multiHot) {
    return new EncodedExample(List.of(in), multiHot, Kind.MULTI_HOT);
  }

  public static EncodedExample tokens(EncodedInput in, int[] tokenLabels) {
    long[] l = new long[tokenLabels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = tokenLabels[i];
    }
    return new EncodedExample(List.of(in), l, Kind.TOKEN);
  }

  public static EncodedExample choices(List<EncodedInput> choices, long label) {
    return new EncodedExample(choices, new long[] {label}, Kind.CHOICE);
  }

  public static EncodedExample unlabeled(EncodedInput in) {
    return new EncodedExample(List.of(in), new long[0], Kind.NONE);
  }

  /** The longest input (the length this example needs in a batch). */
  public int length() {
    int m = 0;
    for (EncodedInput in : inputs) {
      m = Math.max(m, in.length());
    }
    return m;
  }
}
