package org.transfer4j.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in all-MiniLM-L6-v2 (always on the class path) gives the sentence vectors it is known
 * for: paraphrases close, unrelated sentences far (the notebook's example); and its 512 positions
 * truncate a longer text.
 */
class MiniLmSentenceVectorsTest {
  @Test
  void paraphrasesAreCloseAndUnrelatedSentencesFar() throws IOException {
    try (SentenceEncoder enc =
        SentenceEncoder.load("all-MiniLM-L6-v2", EncoderOptions.defaults())) {
      assertThat(enc.dimension()).isEqualTo(384);
      assertThat(enc.maxLength()).isEqualTo(512);
      assertThat(enc.modelName()).isEqualTo("all-MiniLM-L6-v2");
      List<String> texts =
          List.of(
              "How old are you?",
              "What is your age?",
              "I love my dog.",
              "The weather is sunny today.",
              "word ".repeat(520));
      double[][] m = Similarity.cosine(enc.encode(texts));
      // sentence-transformers gives 0.761 for the paraphrase; langchain4j's ONNX Runtime
      // vectors agree with ours to a cosine of 1.0 (BENCHMARKS.md).
      assertThat(m[0][1]).isBetween(0.70, 0.82);
      assertThat(m[0][2]).isLessThan(0.25);
      assertThat(m[0][3]).isLessThan(0.25);
      assertThat(m[1][3]).isLessThan(0.25);
      assertThat(enc.truncatedCount()).isEqualTo(1); // 520 words > 510 tokens
    }
  }
}
