package org.transfer4j.model;

import org.transfer4j.BadInputException;

/**
 * The range checks that config records ({@code BertConfig}, {@code DistilBertConfig}, {@code
 * Gpt2Config}) run in their compact constructors; each message names the Hugging Face key.
 *
 * <pre>{@code
 * ConfigChecks.positive("hidden_size", hiddenSize);
 * ConfigChecks.probability("hidden_dropout_prob", hiddenDropoutProb);
 * }</pre>
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /** A size that must be at least 1. */
  public static void positive(String key, int v) {
    if (v <= 0) {
      throw new BadInputException(key + " must be positive, got " + v);
    }
  }

  /** A float that must be above 0 (NaN fails). */
  public static void positive(String key, float v) {
    if (!(v > 0)) {
      throw new BadInputException(key + " must be positive, got " + v);
    }
  }

  /** A dropout probability in [0, 1) (NaN fails). */
  public static void probability(String key, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new BadInputException(key + " must be in [0, 1), got " + p);
    }
  }

  /** Layers at most: deeper than any published model by far; a typo (1000 for 10) fails here. */
  public static final int MAX_LAYERS = 256;

  /** Hidden, intermediate and embedding sizes at most. */
  public static final int MAX_WIDTH = 1 << 17;

  /** Positions at most (sequence length). */
  public static final int MAX_POSITIONS = 1 << 20;

  /** Vocabulary entries at most. */
  public static final int MAX_VOCABULARY = 1 << 24;

  /** A size that must be between 1 and {@code max}. */
  public static void range(String key, int v, int max) {
    positive(key, v);
    if (v > max) {
      throw new BadInputException(
          key + " is " + v + ", above the limit of " + max + "; check the config.json value");
    }
  }

  /**
   * Refuses a model whose float32 parameters alone would not fit in the machine's memory, before
   * anything is allocated (the allocation would otherwise end the process or swap for minutes).
   *
   * @param parameters an estimate of the parameter count from the config sizes
   */
  public static void fitsInMemory(long parameters) {
    long bytes = parameters * 4;
    long total = physicalMemory();
    if (total > 0 && bytes > total) {
      throw new BadInputException(
          String.format(
              java.util.Locale.ROOT,
              "the config describes about %,d parameters (%.1f GB as float32), more than this"
                  + " machine's %.1f GB of memory; check vocab_size, the hidden and layer sizes",
              parameters,
              bytes / 1e9,
              total / 1e9));
    }
  }

  private static long physicalMemory() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return -1;
  }

  /**
   * Parameters of a Transformer encoder or decoder: embeddings ({@code vocab + positions + types})
   * x {@code hidden}, and per layer attention (4 H^2) plus feed-forward (2 H I), biases ignored.
   */
  public static long transformerParameters(
      long vocab, long positions, long types, long hidden, long intermediate, long layers) {
    return (vocab + positions + types) * hidden
        + layers * (4 * hidden * hidden + 2 * hidden * intermediate);
  }

  /**
   * Refuses a tokenizer whose ids reach past the model's embeddings ({@code vocab_size}): every
   * such id would fail deep inside the forward pass ({@code index out of range in self}) or, worse,
   * a smaller tokenizer on a larger model would silently use rows trained for other tokens (that
   * case is allowed: Hugging Face pads vocabularies to multiples of 8).
   */
  public static void tokenizerFits(int tokenizerSize, ModelConfig config, Object tokenizer) {
    com.google.gson.JsonElement v = config.toJson().get("vocab_size");
    if (v == null || !v.isJsonPrimitive()) {
      return;
    }
    int vocab = v.getAsInt();
    if (tokenizerSize > vocab) {
      throw new BadInputException(
          "the tokenizer "
              + tokenizer
              + " has "
              + tokenizerSize
              + " tokens but the model's vocab_size is "
              + vocab
              + "; ids from "
              + vocab
              + " on have no embedding: use the tokenizer the model was trained with");
    }
  }
}
