package org.transfer4j.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.InferenceOptions;

/**
 * Sentence vectors on ONNX Runtime equal the PyTorch path's within 1e-4, for BERT and DistilBERT
 * fixtures with every pooling, and for the built-in all-MiniLM-L6-v2 on real sentences of mixed
 * lengths (batched, so padding is exercised).
 */
class SentenceEnginesTest {
  @TempDir Path tmp;

  private static final InferenceOptions ONNX = InferenceOptions.parse("onnx", 1);
  private static final InferenceOptions TORCH = InferenceOptions.parse("torch", 1);

  @ParameterizedTest(name = "{0} {1} normalize={2}")
  @CsvSource({
    "bert, mean, true",
    "bert, cls, false",
    "bert, max, false",
    "distilbert, mean, false",
    "distilbert, max, true"
  })
  void fixtureVectorsAgree(String kind, String pooling, boolean normalize) throws IOException {
    Path dir =
        kind.equals("bert")
            ? EmbedFixtures.bert(tmp.resolve("m"))
            : EmbedFixtures.distilBert(tmp.resolve("m"));
    Random r = new Random(3);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int[] ids = new int[1 + r.nextInt(12)];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = 5 + r.nextInt(80);
      }
      texts.add(EmbedFixtures.text(ids));
    }
    EncoderOptions o =
        EncoderOptions.defaults()
            .withPooling(SentencePooling.parse(pooling))
            .withNormalize(normalize)
            .withBatchSize(8);
    assertClose(dir.toString(), o, texts);
  }

  @Test
  void miniLmVectorsAgree() throws IOException {
    List<String> texts =
        List.of(
            "How old are you?",
            "What is your age?",
            "I love my dog.",
            "The weather is sunny today, and the forecast says it will stay that way all week.",
            "Can I transfer money to a friend abroad without paying a fee?",
            "card");
    assertClose("all-MiniLM-L6-v2", EncoderOptions.defaults().withBatchSize(4), texts);
  }

  private static void assertClose(String model, EncoderOptions o, List<String> texts)
      throws IOException {
    float[][] onnx;
    float[][] torch;
    try (SentenceEncoder e = SentenceEncoder.load(model, o.withInference(ONNX))) {
      assertThat(e.engine()).isEqualTo("onnx");
      onnx = e.encode(texts);
    }
    try (SentenceEncoder e = SentenceEncoder.load(model, o.withInference(TORCH))) {
      assertThat(e.engine()).isEqualTo("torch");
      torch = e.encode(texts);
    }
    double worst = 0;
    for (int i = 0; i < texts.size(); i++) {
      assertThat(onnx[i]).hasSameSizeAs(torch[i]);
      for (int k = 0; k < onnx[i].length; k++) {
        worst = Math.max(worst, Math.abs(onnx[i][k] - torch[i][k]));
      }
    }
    assertThat(worst).as(model + " max |onnx - torch|").isLessThan(1e-4);
  }
}
