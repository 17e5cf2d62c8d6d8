package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.transfer4j.BadInputException;

/**
 * The feed-forward activations used by the supported checkpoints, by their Hugging Face {@code
 * hidden_act} names.
 *
 * <pre>{@code
 * Activation act = Activation.parse("gelu", "config.json hidden_act");
 * NDArray y = act.apply(x);
 * }</pre>
 */
public enum Activation {
  /** Exact GELU, {@code x * Phi(x)} with the erf (Hendrycks and Gimpel, 2016); BERT's choice. */
  GELU("gelu"),
  /** The tanh approximation of GELU that GPT-2 (and Google's original BERT code) used. */
  GELU_NEW("gelu_new"),
  /** {@code max(0, x)}. */
  RELU("relu");

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

  private final String hfName;

  Activation(String hfName) {
    this.hfName = hfName;
  }

  /** The name used in {@code config.json}. */
  public String hfName() {
    return hfName;
  }

  /** Applies the activation element-wise; the result belongs to x's manager. */
  public NDArray apply(NDArray x) {
    switch (this) {
      case GELU:
        // torch.nn.functional.gelu with approximate='none': the erf form.
        return x.getNDArrayInternal().gelu();
      case GELU_NEW:
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        NDArray inner = x.pow(3).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI).tanh();
        return inner.add(1f).mul(x).mul(0.5f);
      case RELU:
        return x.getNDArrayInternal().relu();
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * The activation for a Hugging Face name ({@code gelu}, {@code gelu_new}, {@code relu}; {@code
   * gelu_pytorch_tanh} is an alias of {@code gelu_new}).
   *
   * @param where named in the error, for example {@code "config.json key hidden_act"}
   */
  public static Activation parse(String name, String where) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("gelu_pytorch_tanh")) {
      return GELU_NEW;
    }
    for (Activation a : values()) {
      if (a.hfName.equals(n)) {
        return a;
      }
    }
    throw new BadInputException(
        where
            + ": unknown activation '"
            + name
            + "'; use one of "
            + Arrays.stream(values()).map(Activation::hfName).collect(Collectors.joining(", ")));
  }
}
