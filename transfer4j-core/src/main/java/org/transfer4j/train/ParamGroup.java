package org.transfer4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.transfer4j.nn.Parameter;

/**
 * Parameters that share a learning-rate scale and a weight decay, like a PyTorch optimizer's param
 * group. The usual split (Devlin et al. 2019, Hugging Face examples) exempts biases and LayerNorm
 * weights from weight decay; {@link LrRule}s give matching parameters a scaled learning rate (for
 * example embeddings at a tenth of the rate).
 *
 * <pre>{@code
 * List<ParamGroup> groups = ParamGroup.split(model.namedParameters(), 0.01,
 *     List.of(new ParamGroup.LrRule(Pattern.compile("embeddings\\."), 0.1)));
 * }</pre>
 *
 * @param name a readable name, for example {@code decay}, {@code no_decay}, {@code decay*0.1}
 * @param parameters the parameters by full dotted name
 * @param lrScale multiplies the scheduled learning rate
 * @param weightDecay the decay coefficient (0 for none)
 */
public record ParamGroup(
    String name, Map<String, Parameter> parameters, double lrScale, double weightDecay) {
  public ParamGroup {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    if (!(lrScale > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "param group " + name + ": need lrScale > 0 and weightDecay >= 0");
    }
  }

  /**
   * Parameters whose full name matches {@code pattern} (anywhere, {@link
   * java.util.regex.Matcher#find}) train at {@code lrScale} times the scheduled rate.
   */
  public record LrRule(Pattern pattern, double lrScale) {
    /** Parses {@code REGEX=SCALE}, for example {@code embeddings\.=0.1}. */
    public static LrRule parse(String spec) {
      int eq = spec.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "learning-rate rule '" + spec + "' must be REGEX=SCALE, for example embeddings=0.1");
      }
      try {
        return new LrRule(
            Pattern.compile(spec.substring(0, eq)), Double.parseDouble(spec.substring(eq + 1)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "learning-rate rule '" + spec + "' is not REGEX=SCALE: " + e.getMessage());
      }
    }
  }

  /**
   * Whether a parameter is exempt from weight decay: biases and layer-norm weights (BERT's {@code
   * LayerNorm.weight}, DistilBERT's {@code *layer_norm.weight}, GPT-2's {@code ln_1}, {@code
   * ln_f}); the seed scripts use {@code no_decay = ['bias', 'LayerNorm.weight']}.
   */
  public static boolean isNoDecay(String name) {
    if (name.endsWith("bias") || name.contains("LayerNorm.weight")) {
      return true;
    }
    if (name.contains("layer_norm.weight")) {
      return true;
    }
    for (String segment : name.split("\\.")) {
      if (segment.startsWith("ln_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits parameters into groups by (learning-rate scale, decay or not), in first-seen order. The
   * first matching rule gives the scale; no rule means 1.
   */
  public static List<ParamGroup> split(
      Map<String, Parameter> params, double weightDecay, List<LrRule> rules) {
    Map<String, Map<String, Parameter>> members = new LinkedHashMap<>();
    Map<String, double[]> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      double scale = 1;
      for (LrRule r : rules) {
        if (r.pattern().matcher(e.getKey()).find()) {
          scale = r.lrScale();
          break;
        }
      }
      boolean noDecay = isNoDecay(e.getKey()) || weightDecay == 0;
      String key = (noDecay ? "no_decay" : "decay") + (scale == 1 ? "" : "*" + scale);
      members.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
      settings.put(key, new double[] {scale, noDecay ? 0 : weightDecay});
    }
    List<ParamGroup> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Parameter>> e : members.entrySet()) {
      double[] s = settings.get(e.getKey());
      out.add(new ParamGroup(e.getKey(), e.getValue(), s[0], s[1]));
    }
    return out;
  }
}
