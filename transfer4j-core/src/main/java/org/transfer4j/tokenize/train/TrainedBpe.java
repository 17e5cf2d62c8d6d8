package org.transfer4j.tokenize.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link BpeTrainer#train}: the vocabulary in id order and the merges in rank order.
 *
 * @param vocab token of id {@code i} at index {@code i}
 * @param merges the learned merges, the highest priority first
 */
public record TrainedBpe(List<String> vocab, List<Merge> merges) {
  /** One merge rule: {@code left + right} becomes one token. */
  public record Merge(String left, String right) {
    @Override
    public String toString() {
      return left + " " + right;
    }
  }

  public TrainedBpe {
    vocab = List.copyOf(vocab);
    merges = List.copyOf(merges);
  }

  /** Token to id, in id order (the {@code vocab.json} form). */
  public Map<String, Integer> vocabMap() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < vocab.size(); i++) {
      m.put(vocab.get(i), i);
    }
    return m;
  }

  /** The merges as {@code [left, right]} pairs (the {@code merges.txt} form). */
  public List<String[]> mergePairs() {
    return merges.stream().map(m -> new String[] {m.left(), m.right()}).toList();
  }
}
