package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.pretrain.PretrainFixtures;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;

class PretrainCommandTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** A micro BERT pretrained on generated text: the MLM loss falls and the folder reloads. */
  @Test
  @Tag("slow")
  void pretrainsAMicroBertThatLearnsAndReloads() throws IOException {
    Path corpus = PretrainFixtures.topicCorpus(tmp.resolve("corpus.txt"), 600, 8, 24, 1);
    Path config = PretrainFixtures.writeMicroConfig(tmp.resolve("cfg"));
    Path out = tmp.resolve("my-bert");
    Result r =
        run(
            "pretrain",
            "--corpus",
            corpus.toString(),
            "--vocab-size",
            "150",
            "--config",
            config.toString(),
            "--output",
            out.toString(),
            "--epochs",
            "0",
            "--max-steps",
            "150",
            "--batch-size",
            "32",
            "--lr",
            "5e-3",
            "--warmup",
            "10",
            "--log-every",
            "1",
            "--threads",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("training a WordPiece tokenizer").contains("max length:");
    assertThat(r.out()).contains("pretrained 150 steps").contains("mlm_accuracy=");

    List<JsonObject> train = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      if (o.toString().contains("mlm_loss")) {
        train.add(o);
      }
    }
    assertThat(train).hasSize(150);
    double first = mlm(train.get(0));
    double last = 0;
    for (JsonObject o : train.subList(130, 150)) {
      last += mlm(o) / 20;
    }
    assertThat(first).isGreaterThan(4.5); // about ln(150) at random initialisation
    // Below ln 40 = 3.69, the best loss without context (the 40 words' frequencies): the model
    // uses the other words of the line (ln 5 = 1.61 is the floor with context).
    assertThat(last)
        .as("mean MLM loss of the last 20 steps (first %.3f)", first)
        .isLessThan(Math.log(40) - 0.4);
    assertThat(train.get(149).toString()).contains("sop_loss").contains("sop_accuracy");
    assertThat(out.resolve("tensorboard")).isDirectory();
    assertThat(out.resolve("plots")).isDirectory();

    String configJson = Files.readString(out.resolve("config.json"));
    assertThat(configJson).contains("BertForPreTraining");
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.load(out, m);
      assertThat(model).isInstanceOf(BertForPreTraining.class);
    }

    Tokenizer tok = Tokenizer.load(out);
    Encoding e = tok.encode(String.join(" ", PretrainFixtures.WORDS.subList(3, 12)));
    long[] ids = Arrays.stream(e.ids()).asLongStream().toArray();
    Path in = tmp.resolve("in.safetensors");
    SafeTensorsWriter.write(
        in, List.of(RawTensor.ofLongs("input_ids", new long[] {1, ids.length}, ids)), Map.of());
    Path fwd = tmp.resolve("out.safetensors");
    Result f =
        run(
            "forward",
            "--model",
            out.toString(),
            "--inputs",
            in.toString(),
            "--output",
            fwd.toString(),
            "--no-hidden-states");
    assertThat(f.code()).as(f.err()).isZero();
    try (SafeTensorsFile st = SafeTensorsFile.open(fwd)) {
      assertThat(st.find("mlm_logits")).isPresent();
      assertThat(st.info("mlm_logits").shape()).containsExactly(1, ids.length, tok.vocabSize());
      assertThat(st.find("seq_relationship_logits")).isPresent();
    }
  }

  private static double mlm(JsonObject o) {
    JsonObject values = o.has("values") ? o.getAsJsonObject("values") : o;
    return values.get("mlm_loss").getAsDouble();
  }

  @Test
  void emptyCorpusExitsTwoWithOneLineAndWritesNothing() throws IOException {
    Path corpus = Files.writeString(tmp.resolve("empty.txt"), "\n\n");
    Path out = tmp.resolve("run");
    Result r =
        run(
            "pretrain",
            "--corpus",
            corpus.toString(),
            "--vocab-size",
            "50",
            "--output",
            out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).toList())
        .singleElement()
        .asString()
        .contains("empty.txt")
        .contains("no words");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  @Test
  void tokenizerOrVocabSizeIsRequired() throws IOException {
    Path corpus = PretrainFixtures.topicCorpus(tmp.resolve("c.txt"), 10, 5, 8, 1);
    Result r =
        run("pretrain", "--corpus", corpus.toString(), "--output", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--tokenizer").contains("--vocab-size");
  }
}
