package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.tokenize.Tokenizer;

/**
 * {@code predict} reads its input a chunk of {@link Predictor#CHUNK_BATCHES} batches at a time:
 * with batches of 1 the 130 inputs here span three chunks, and the output must still be one
 * prediction per input, in input order, the same from text lines and from a CSV file, and the same
 * as with everything in one chunk.
 */
class PredictorStreamingTest {
  @TempDir Path tmp;

  @Test
  void chunkedPredictionsKeepTheInputOrderForLinesAndCsv() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Path dir = Files.createDirectories(tmp.resolve("clf"));
    Tokenizer tokenizer =
        Tokenizer.load(
            TaskFixtures.tokenizer(
                Files.createDirectories(tmp.resolve("tok")), TaskFixtures.allWords()));
    try (NDManager m = NDManager.newBaseManager()) {
      BertConfig c =
          BertConfig.of(2, 32)
              .withMaxPositionEmbeddings(64)
              .withVocabSize(tokenizer.vocabSize())
              .withLabels(Labels.of(List.of("food", "sports", "tech")))
              .withArchitectures(List.of("BertForSequenceClassification"));
      HfModels.save(HfModels.create(c, "BertForSequenceClassification", m), dir);
    }
    tokenizer.save(dir);
    new TaskInfo(
            TaskKind.CLASSIFY, false, 0.5, 32, TagScheme.IOB2, ClassificationColumns.defaults(), -1)
        .write(dir);
    Path csv = TaskFixtures.classification(tmp.resolve("in.csv"), 130, 11);
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(csv).subList(1, 131)) {
      texts.add(line.substring(0, line.lastIndexOf(',')));
    }
    Path txt = Files.write(tmp.resolve("in.txt"), texts);
    try (TaskModel model = TaskModel.load(dir)) {
      String fromLines = predict(model, txt, 1);
      String fromCsv = predict(model, csv, 1);
      String oneChunk = predict(model, txt, 256);
      List<String> out = fromLines.lines().toList();
      assertThat(out).hasSize(130);
      for (int i = 0; i < 130; i++) {
        assertThat(JsonParser.parseString(out.get(i)).getAsJsonObject().get("text").getAsString())
            .isEqualTo(texts.get(i));
      }
      assertThat(fromCsv).isEqualTo(fromLines);
      // Batches of one text against batches of up to 256: the same labels, probabilities to
      // float rounding.
      List<String> big = oneChunk.lines().toList();
      for (int i = 0; i < 130; i++) {
        var a = JsonParser.parseString(out.get(i)).getAsJsonObject();
        var b = JsonParser.parseString(big.get(i)).getAsJsonObject();
        assertThat(a.get("label")).isEqualTo(b.get("label"));
        for (String label : List.of("food", "sports", "tech")) {
          assertThat(a.getAsJsonObject("probabilities").get(label).getAsDouble())
              .isCloseTo(
                  b.getAsJsonObject("probabilities").get(label).getAsDouble(),
                  org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  private static String predict(TaskModel m, Path file, int batchSize) throws Exception {
    StringWriter w = new StringWriter();
    Predictor.predict(m, file, (BufferedReader) null, new PrintWriter(w), batchSize);
    return w.toString();
  }
}
