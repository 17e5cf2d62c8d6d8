package org.transfer4j.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.nn.Pooling;

/**
 * How token vectors become one sentence vector (Sentence-BERT's pooling modes, Reimers and
 * Gurevych, 2019): the masked mean of the tokens (what all-MiniLM-L6-v2 was trained with), the
 * {@code [CLS]} token's vector, or the element-wise maximum over the real tokens.
 *
 * <pre>{@code
 * NDArray v = SentencePooling.MEAN.pool(hidden, mask); // (batch, hidden)
 * SentencePooling p = SentencePooling.parse("max");
 * }</pre>
 */
public enum SentencePooling {
  /** Mean of the real tokens (padding excluded), {@code [CLS]} and {@code [SEP]} included. */
  MEAN,
  /** The first token's ({@code [CLS]}) last hidden state. */
  CLS,
  /** Element-wise maximum over the real tokens. */
  MAX;

  /**
   * Pools {@code hidden} {@code (batch, seq, hidden)} with {@code mask} {@code (batch, seq)} (1 =
   * real token) into {@code (batch, hidden)}; the result belongs to {@code hidden}'s manager.
   */
  public NDArray pool(NDArray hidden, NDArray mask) {
    return switch (this) {
      case MEAN -> Pooling.maskedMean(hidden, mask);
      case CLS -> hidden.get(new NDIndex(":, 0, :"));
      case MAX -> Pooling.maskedMax(hidden, mask);
    };
  }

  /** The lower-case name used on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code mean}, {@code cls} or {@code max} (any case). */
  public static SentencePooling parse(String s) {
    for (SentencePooling p : values()) {
      if (p.id().equalsIgnoreCase(s.strip())) {
        return p;
      }
    }
    throw new BadInputException("--pooling " + s + ": unknown pooling; use mean, cls or max");
  }
}
