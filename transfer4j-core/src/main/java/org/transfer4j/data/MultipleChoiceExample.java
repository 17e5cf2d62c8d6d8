package org.transfer4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One SWAG-style multiple-choice example (Zellers et al., 2018): a context {@code sent1}, the start
 * of the next sentence {@code sent2}, and candidate endings.
 *
 * @param sent1 the context
 * @param sent2 the start of the continuation
 * @param endings the candidate endings, in column order
 * @param label the index of the right ending, or -1 when the file has no labels
 * @param source {@code file:line}
 */
public record MultipleChoiceExample(
    String sent1, String sent2, List<String> endings, int label, String source) {
  public MultipleChoiceExample {
    endings = List.copyOf(endings);
  }

  /**
   * The model inputs, one pair per ending, as the Hugging Face SWAG example builds them: text =
   * {@code sent1}, pair = {@code sent2 + " " + ending}, giving {@code [CLS] sent1 [SEP] sent2
   * ending [SEP]}.
   */
  public List<String[]> pairs() {
    List<String[]> out = new ArrayList<>(endings.size());
    for (String e : endings) {
      out.add(new String[] {sent1, sent2 + " " + e});
    }
    return out;
  }

  /** Encodes every choice with {@code encoder}. */
  public List<EncodedInput> encode(PairEncoder encoder) {
    List<EncodedInput> out = new ArrayList<>(endings.size());
    for (String[] p : pairs()) {
      out.add(encoder.encode(p[0], p[1]));
    }
    return out;
  }
}
