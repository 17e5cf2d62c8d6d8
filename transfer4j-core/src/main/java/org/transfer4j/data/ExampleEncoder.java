package org.transfer4j.data;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Turns read examples into {@link EncodedExample}s for {@link FineTuneBatcher}, encoding on all
 * cores (the encoders must be thread-safe). Check other splits' labels first with {@link
 * LabelVocabulary#requireKnown}; an unknown label here is a programming error.
 *
 * <pre>{@code
 * LabelVocabulary labels = LabelVocabulary.fromTraining(train);
 * labels.requireKnown(test, "test");
 * List<EncodedExample> encoded = ExampleEncoder.classification(train, pairEncoder, labels);
 * }</pre>
 */
public final class ExampleEncoder {
  private ExampleEncoder() {}

  /**
   * Classification examples: {@link EncodedExample.Kind#SEQUENCE} (class id), {@link
   * EncodedExample.Kind#MULTI_HOT} when the vocabulary is multi-label, {@link
   * EncodedExample.Kind#NONE} for examples without labels.
   */
  public static List<EncodedExample> classification(
      List<TextExample> examples, PairEncoder encoder, LabelVocabulary labels) {
    return parallel(
        examples.size(),
        i -> {
          TextExample e = examples.get(i);
          EncodedInput in = encoder.encode(e.text(), e.pair());
          if (e.labels().isEmpty()) {
            return EncodedExample.unlabeled(in);
          }
          return labels.multiLabel()
              ? EncodedExample.multiHot(in, labels.multiHot(e.labels()))
              : EncodedExample.sequence(in, labels.id(e.label()));
        });
  }

  /**
   * Tagging examples: each sentence's words encoded by {@code wordEncoder} (which must fill {@link
   * EncodedInput#wordIds()}, e.g. {@link BertLayout#encodeWords}), labels on the first sub-token of
   * each word ({@link LabelAlignment#firstSubToken}).
   */
  public static List<EncodedExample> tagging(
      List<TaggedSentence> sentences,
      Function<List<String>, EncodedInput> wordEncoder,
      LabelVocabulary tags) {
    return parallel(
        sentences.size(),
        i -> {
          TaggedSentence s = sentences.get(i);
          EncodedInput in = wordEncoder.apply(s.words());
          if (in.wordIds() == null) {
            throw new IllegalArgumentException("the word encoder must return word ids");
          }
          int[] wordLabels = new int[s.tags().size()];
          for (int w = 0; w < wordLabels.length; w++) {
            wordLabels[w] = tags.id(s.tags().get(w));
          }
          return EncodedExample.tokens(in, LabelAlignment.firstSubToken(in.wordIds(), wordLabels));
        });
  }

  /** Multiple-choice examples; unlabeled rows (label -1) get label -1 (ignored by the loss). */
  public static List<EncodedExample> multipleChoice(
      List<MultipleChoiceExample> examples, PairEncoder encoder) {
    return parallel(
        examples.size(),
        i -> {
          MultipleChoiceExample e = examples.get(i);
          return EncodedExample.choices(e.encode(encoder), e.label());
        });
  }

  private static List<EncodedExample> parallel(
      int n, java.util.function.IntFunction<EncodedExample> f) {
    return IntStream.range(0, n).parallel().mapToObj(f).toList();
  }
}
