package org.transfer4j.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.eval.RankingMetrics;

/**
 * One classifier decision as plain values, for callers that are not JSON (Spark columns, a server's
 * response record): the chosen labels and every label's probability.
 *
 * <pre>{@code
 * Classification c = Classification.of(logits, m.labels(), m.info());
 * String top = c.label();                     // single-label: the arg-max label
 * List<String> chosen = c.labels();           // multi-label: every label at or above the threshold
 * double p = c.probabilities().get("food");
 * }</pre>
 *
 * @param label the arg-max label (single-label), or null for a multi-label head
 * @param labels the chosen labels: {@code [label]} for single-label, those whose sigmoid is at or
 *     above {@link TaskInfo#threshold()} for multi-label (possibly none)
 * @param probabilities softmax (single-label) or per-label sigmoid (multi-label) probabilities, in
 *     label id order
 */
public record Classification(String label, List<String> labels, Map<String, Double> probabilities) {

  /** The decision of one example's {@code logits} under the head's {@code info}. */
  public static Classification of(float[] logits, List<String> names, TaskInfo info) {
    double[] p =
        info.multiLabel() ? ClassificationTask.sigmoid(logits) : ClassificationTask.softmax(logits);
    Map<String, Double> probs = new LinkedHashMap<>();
    for (int i = 0; i < p.length; i++) {
      probs.put(names.get(i), p[i]);
    }
    if (!info.multiLabel()) {
      String top = names.get(RankingMetrics.argmax(p));
      return new Classification(top, List.of(top), Collections.unmodifiableMap(probs));
    }
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= info.threshold()) {
        chosen.add(names.get(i));
      }
    }
    return new Classification(
        null, Collections.unmodifiableList(chosen), Collections.unmodifiableMap(probs));
  }

  /** The probabilities in label id order. */
  public double[] probabilityArray() {
    return probabilities.values().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
