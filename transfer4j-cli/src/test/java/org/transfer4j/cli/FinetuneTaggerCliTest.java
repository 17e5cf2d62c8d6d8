package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.nn.crf.TransitionConstraints;

/**
 * {@code finetune tag --arch bilstm|bilstm-crf} on a generated task where the transitions matter: a
 * chunk's type is given only by the trigger word before it ({@code mr} -> PER, {@code in} -> LOC),
 * its words come from one shared pool of names, and every chunk word after the first is {@code I-}
 * of the first's type; a tagger must carry the type along the chunk.
 */
class FinetuneTaggerCliTest {
  private static final String[] NAMES = {"Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"};
  private static final String[] FILLER = {"the", "a", "saw", "met", "and", "then", "went", "home"};

  @TempDir static Path data;

  @BeforeAll
  static void generate() throws Exception {
    write(data.resolve("train.conll"), 240, 1);
    write(data.resolve("valid.conll"), 60, 2);
    // Random 16-dimensional vectors for every word: the task must be learnt, not looked up.
    Random r = new Random(3);
    List<String> words = new ArrayList<>(List.of("mr", "in"));
    words.addAll(List.of(NAMES));
    words.addAll(List.of(FILLER));
    StringBuilder vec = new StringBuilder(words.size() + " 16\n");
    for (String w : words) {
      vec.append(w);
      for (int d = 0; d < 16; d++) {
        vec.append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", r.nextGaussian()));
      }
      vec.append('\n');
    }
    Files.writeString(data.resolve("vectors.vec"), vec);
  }

  private static void write(Path file, int sentences, long seed) throws Exception {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      int n = 6 + r.nextInt(6);
      for (int w = 0; w < n; w++) {
        if (r.nextInt(4) == 0) {
          boolean per = r.nextBoolean();
          s.append(per ? "mr" : "in").append(" O\n");
          int len = 1 + r.nextInt(3);
          for (int k = 0; k < len; k++) {
            String type = per ? "PER" : "LOC";
            s.append(NAMES[r.nextInt(NAMES.length)])
                .append(k == 0 ? " B-" : " I-")
                .append(type)
                .append('\n');
          }
          w += len;
        } else {
          s.append(FILLER[r.nextInt(FILLER.length)]).append(" O\n");
        }
      }
      s.append('\n');
    }
    Files.writeString(file, s);
  }

  private static Result train(String arch, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "finetune",
                "tag",
                "--arch",
                arch,
                "--vectors",
                data.resolve("vectors.vec").toString(),
                "--train",
                data.resolve("train.conll").toString(),
                "--validation",
                data.resolve("valid.conll").toString(),
                "--scheme",
                "iob2",
                "--hidden",
                "16",
                "--dropout",
                "0.1",
                "--epochs",
                "12",
                "--batch-size",
                "16",
                "--lr",
                "1e-2",
                "--schedule",
                "constant",
                "--threads",
                "1",
                "--seed",
                "1",
                "-o",
                out.toString()));
    if (List.of(extra).contains("--epochs")) { // the caller's epochs replace the default
      int i = args.indexOf("--epochs");
      args.remove(i + 1);
      args.remove(i);
    }
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void bilstmCrfLearnsTheChunksAndItsFolderReloadsInEvaluateAndPredict(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("crf");
    Result r = train("bilstm-crf", out, "--char-cnn");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject metrics =
        JsonParser.parseString(Files.readString(out.resolve("report/metrics.json")))
            .getAsJsonObject()
            .getAsJsonObject("validation");
    // A CRF that mis-scores transitions or decodes wrongly stays far below this.
    assertThat(metrics.get("f1").getAsDouble()).as(r.err()).isGreaterThan(0.95);
    assertThat(Files.readString(out.resolve("config.json")))
        .contains("BiLstmCrfForTokenClassification")
        .contains("\"crf_scheme\": \"iob2\"");

    Result e =
        run(
            "evaluate",
            "--model",
            out.toString(),
            "--data",
            data.resolve("valid.conll").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("processed").contains("FB1");

    // New words keep their spelling: "Zed" has no vector and was never seen.
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, "mr Ada Bo went home\nthe a in Zed Cy\n");
    Result p = run("predict", "--model", out.toString(), "--input", in.toString());
    assertThat(p.code()).as(p.err()).isZero();
    List<String> lines = p.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"tags\":[\"O\",\"B-PER\",\"I-PER\",\"O\",\"O\"]");
    // Every predicted sequence is a valid IOB2 sequence (the constrained Viterbi path).
    List<String> labels = List.of("B-LOC", "B-PER", "I-LOC", "I-PER", "O");
    TransitionConstraints c = TransitionConstraints.of(labels, TagScheme.IOB2);
    for (String line : lines) {
      List<String> tags = new ArrayList<>();
      JsonParser.parseString(line)
          .getAsJsonObject()
          .getAsJsonArray("tags")
          .forEach(t -> tags.add(t.getAsString()));
      assertThat(c.start()[labels.indexOf(tags.get(0))]).as(line).isTrue();
      for (int i = 1; i < tags.size(); i++) {
        assertThat(c.transition(labels.indexOf(tags.get(i - 1)), labels.indexOf(tags.get(i))))
            .as(line)
            .isTrue();
      }
    }
  }

  @Test
  void bertWithCrfSavesItsConstraintsAndReloadsWithViterbiDecoding(@TempDir Path tmp)
      throws Exception {
    Path tok =
        org.transfer4j.task.TaskFixtures.tokenizer(
            Files.createDirectories(tmp.resolve("tok")),
            org.transfer4j.task.TaskFixtures.allWords());
    Path config = tmp.resolve("tiny-config.json");
    org.transfer4j.model.ConfigJson.write(
        org.transfer4j.task.TaskFixtures.tinyBert().toJson(), config);
    Path train = org.transfer4j.task.TaskFixtures.conll(tmp.resolve("train.conll"), 48, 1);
    Path valid = org.transfer4j.task.TaskFixtures.conll(tmp.resolve("valid.conll"), 16, 2);
    Path out = tmp.resolve("bert-crf");
    Result r =
        run(
            "finetune",
            "tag",
            "--from-scratch",
            "--config",
            config.toString(),
            "--tokenizer",
            tok.toString(),
            "--crf",
            "--train",
            train.toString(),
            "--validation",
            valid.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "8",
            "--lr",
            "1e-3",
            "--threads",
            "1",
            "-o",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("config.json")))
        .contains("BertCrfForTokenClassification");
    // Regression (crf-onnx-export): the ONNX export holds the emission scores alone, so a CRF
    // folder
    // gets none and runs on PyTorch, where outputs() decodes the Viterbi path.
    assertThat(out.resolve("model.onnx")).doesNotExist();
    try (org.transfer4j.task.TaskModel m = org.transfer4j.task.TaskModel.load(out)) {
      org.transfer4j.nn.crf.LinearChainCrf crf = ((org.transfer4j.nn.crf.CrfHead) m.model()).crf();
      TransitionConstraints expected = TransitionConstraints.of(m.labels(), TagScheme.IOB2);
      // Saved, reloaded, and untouched by the optimizer.
      assertThat(crf.constraints().transitions()).isDeepEqualTo(expected.transitions());
      assertThat(crf.constraints().start()).containsExactly(expected.start());
      // Exactly 0 or 1: no weight decay or update touched the tables.
      for (float v : crf.namedParameters().get("allowed_transitions").value().toFloatArray()) {
        assertThat(v).isIn(0f, 1f);
      }
    }
    Result e = run("evaluate", "--model", out.toString(), "--data", valid.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("FB1");
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, "john lives in new york\n");
    Result p = run("predict", "--model", out.toString(), "--input", in.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("\"tags\":[");
    Result bad = run("finetune", "tag", "--model", config.toString(), "--crf", "--arch", "bilstm");
    assertThat(bad.code()).isEqualTo(2);
  }

  @Test
  void contextualFeaturesOfAFrozenEncoderTrainAndTheFolderReloads(@TempDir Path tmp)
      throws Exception {
    Path enc = Files.createDirectories(tmp.resolve("encoder"));
    org.transfer4j.task.TaskFixtures.tokenizer(enc, List.of(FILLER));
    org.transfer4j.model.bert.BertConfig config =
        org.transfer4j.task.TaskFixtures.tinyBert().withVocabSize(5 + FILLER.length);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      org.transfer4j.model.HfModels.save(
          org.transfer4j.model.HfModels.create(config, "BertModel", m), enc);
    }
    Path out = tmp.resolve("mix");
    Result r =
        train(
            "bilstm-crf",
            out,
            "--contextual",
            enc.toString(),
            "--epochs",
            "2",
            "--subtoken",
            "mean");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("contextual features of 300 sentences");
    assertThat(out.resolve("contextual-cache.f32")).doesNotExist(); // deleted after training
    assertThat(Files.readString(out.resolve("config.json")))
        .contains("\"layer_mix\": \"scalar\"")
        .contains("\"subtoken_pooling\": \"mean\"");
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, "mr Ada went home\n");
    Result p = run("predict", "--model", out.toString(), "--input", in.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("\"tags\":[");
  }

  @Test
  void softmaxBilstmTrainsAndAWordTaggerOptionWithoutItsArchIsOneLine(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("softmax");
    Result r = train("bilstm", out, "--epochs", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("config.json")))
        .contains("BiLstmForTokenClassification");
    Result bad = train("bert", tmp.resolve("bad"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith("error: --vectors, --char-cnn and --contextual need --arch bilstm");
    assertThat(bad.err().lines().count()).isEqualTo(1);
    Result noEncoder = train("bilstm", tmp.resolve("bad2"), "--contextual", "no-such-encoder");
    assertThat(noEncoder.code()).isEqualTo(2);
    assertThat(noEncoder.err()).contains("error: --contextual no-such-encoder: no such model");
    assertThat(tmp.resolve("bad2")).doesNotExist(); // nothing written
  }
}
