package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.task.TaskFixtures;

/**
 * The finetune, evaluate and predict verbs in-process: every task's output folder reloads in
 * forward, evaluate and predict; bad input fails with one line, exit 2, and no output folder.
 */
@Tag("slow")
class FinetuneCliTest {
  record Result(int code, String out, String err) {}

  @TempDir static Path data;
  static Path tokenizer;
  static Path config;

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void fixtures() throws Exception {
    tokenizer =
        TaskFixtures.tokenizer(
            Files.createDirectories(data.resolve("tok")), TaskFixtures.allWords());
    config = data.resolve("tiny-config.json");
    ConfigJson.write(TaskFixtures.tinyBert().toJson(), config);
    TaskFixtures.classification(data.resolve("train.csv"), 64, 1);
    TaskFixtures.classification(data.resolve("valid.csv"), 20, 2);
    TaskFixtures.classification(data.resolve("test.csv"), 20, 3);
    TaskFixtures.conll(data.resolve("train.conll"), 64, 1);
    TaskFixtures.conll(data.resolve("valid.conll"), 20, 2);
    TaskFixtures.conll(data.resolve("test.conll"), 20, 3);
    TaskFixtures.swag(data.resolve("train-swag.csv"), 64, 1);
    TaskFixtures.swag(data.resolve("valid-swag.csv"), 20, 2);
    TaskFixtures.swag(data.resolve("test-swag.csv"), 20, 3);
    Files.writeString(data.resolve("texts.txt"), "we saw the ball\nsome pizza and bread\n");
    Files.writeString(data.resolve("sentences.txt"), "john lives in new york\nmary saw paris\n");
    Files.writeString(
        data.resolve("choices.jsonl"),
        "{\"sent1\": \"bob likes apple\", \"sent2\": \"bob eats\", \"endings\": [\"the apple\","
            + " \"the lemon\", \"the mango\"]}\n");
  }

  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("classify", "train.csv", "valid.csv", "test.csv", "texts.txt", 2, "\"label\""),
        Arguments.of(
            "tag", "train.conll", "valid.conll", "test.conll", "sentences.txt", 2, "\"tags\""),
        Arguments.of(
            "choice",
            "train-swag.csv",
            "valid-swag.csv",
            "test-swag.csv",
            "choices.jsonl",
            1,
            "\"choice\""));
  }

  @ParameterizedTest
  @MethodSource("tasks")
  void finetuneWritesAFolderThatForwardEvaluateAndPredictReload(
      String task,
      String train,
      String valid,
      String test,
      String predictInput,
      int predictions,
      String predictKey,
      @TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("out");
    Result r =
        run(
            "finetune",
            task,
            "--from-scratch",
            "--config",
            config.toString(),
            "--tokenizer",
            tokenizer.toString(),
            "--train",
            data.resolve(train).toString(),
            "--validation",
            data.resolve(valid).toString(),
            "--test",
            data.resolve(test).toString(),
            "-o",
            out.toString(),
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--lr",
            "3e-3",
            "--log-every",
            "2",
            "--max-length",
            "32",
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out, "validation: ", "test: ");
    for (String f :
        List.of(
            "config.json",
            "model.safetensors",
            "tokenizer.json",
            "task.json",
            "metrics.jsonl",
            "report/metrics.json",
            "report/test/report.json",
            "report/test/report.csv",
            "report/test/confusion.png",
            "report/validation/report.json",
            "plots/loss.png")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    assertThat(out.resolve("tensorboard")).isDirectory();
    assertThat(out.resolve("config.json")).content().contains("\"id2label\"", "\"label2id\"");

    Result eval =
        run(
            "evaluate",
            "--model",
            out.toString(),
            "--data",
            data.resolve(test).toString(),
            "-o",
            tmp.resolve("report").toString(),
            "--threads",
            "1");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("accuracy");
    assertThat(tmp.resolve("report/report.json")).exists();

    Result pred =
        run(
            "predict",
            "--model",
            out.toString(),
            "--input",
            data.resolve(predictInput).toString(),
            "--threads",
            "1");
    assertThat(pred.code()).as(pred.err()).isZero();
    List<String> lines = pred.out().lines().toList();
    assertThat(lines).hasSize(predictions).allSatisfy(l -> assertThat(l).contains(predictKey));

    // without --input, predict reads standard input
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(Files.newInputStream(data.resolve(predictInput)));
      Result piped = run("predict", "--model", out.toString(), "--threads", "1");
      assertThat(piped.code()).as(piped.err()).isZero();
      assertThat(piped.out()).isEqualTo(pred.out());
    } finally {
      System.setIn(stdin);
    }

    Path inputs = tmp.resolve("in.safetensors");
    long[] shape = task.equals("choice") ? new long[] {1, 3, 5} : new long[] {1, 5};
    long[] ids = new long[(int) (shape.length == 3 ? 15 : 5)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % 5 == 0 ? 2 : i % 5 == 4 ? 3 : 10 + i % 5;
    }
    SafeTensorsWriter.write(
        inputs, List.of(RawTensor.ofLongs("input_ids", shape, ids)), Map.of("format", "pt"));
    Result fwd =
        run(
            "forward",
            "--model",
            out.toString(),
            "--inputs",
            inputs.toString(),
            "--output",
            tmp.resolve("fwd.safetensors").toString(),
            "--no-hidden-states",
            "--threads",
            "1");
    assertThat(fwd.code()).as(fwd.err()).isZero();
    assertThat(fwd.out()).contains("logits");
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(
            "a CSV without the named column lists the columns found",
            "classify",
            (Setup)
                d ->
                    List.of(
                        "--train",
                        d.resolve("train.csv").toString(),
                        "--validation",
                        d.resolve("valid.csv").toString(),
                        "--label-column",
                        "category"),
            List.of("category", "text", "label")),
        Arguments.of(
            "test labels never seen in training",
            "classify",
            (Setup)
                d -> {
                  Path t = d.resolve("unseen.csv");
                  Files.writeString(t, "text,label\nthe music was loud,music\n");
                  return List.of(
                      "--train",
                      d.resolve("train.csv").toString(),
                      "--validation",
                      d.resolve("valid.csv").toString(),
                      "--test",
                      t.toString());
                },
            List.of("music")),
        Arguments.of(
            "a CoNLL line with the wrong number of columns names file:line",
            "tag",
            (Setup)
                d -> {
                  Path t = d.resolve("bad.conll");
                  Files.writeString(t, "john NN B-PER\nlives NN O\nin O\n");
                  return List.of(
                      "--train", t.toString(), "--validation", d.resolve("valid.conll").toString());
                },
            List.of("bad.conll:3")),
        Arguments.of(
            "a SWAG row missing an ending",
            "choice",
            (Setup)
                d -> {
                  Path t = d.resolve("bad-swag.csv");
                  Files.writeString(
                      t,
                      "sent1,sent2,ending0,ending1,ending2,label\n"
                          + "bob likes apple,bob eats,the apple,the lemon,the mango,0\n"
                          + "bob likes apple,bob eats,the apple,,the mango,0\n");
                  return List.of(
                      "--train",
                      t.toString(),
                      "--validation",
                      d.resolve("valid-swag.csv").toString());
                },
            List.of("bad-swag.csv:3", "ending1")));
  }

  interface Setup {
    List<String> args(Path data) throws Exception;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneLineExitTwoAndNothingWritten(
      String name, String task, Setup setup, List<String> mentions, @TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "finetune",
                task,
                "--from-scratch",
                "--config",
                config.toString(),
                "--tokenizer",
                tokenizer.toString(),
                "-o",
                out.toString(),
                "--threads",
                "1"));
    args.addAll(setup.args(data));
    Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(mentions);
    assertThat(out).doesNotExist();
  }

  /** {@code finetune classify} from scratch on the fixtures' CSV splits, then {@code extra}. */
  private static Result classifyFromScratch(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "finetune",
                "classify",
                "--from-scratch",
                "--config",
                config.toString(),
                "--tokenizer",
                tokenizer.toString(),
                "--train",
                data.resolve("train.csv").toString(),
                "--validation",
                data.resolve("valid.csv").toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void classifyWithMeanPoolingSavesTheChoiceAndEvaluatesTheSame(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("mean");
    Result r =
        classifyFromScratch(
            "--test",
            data.resolve("test.csv").toString(),
            "--pooling",
            "mean",
            "-o",
            out.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "16",
            "--lr",
            "3e-3",
            "--no-plots",
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("config.json")).content().contains("\"classifier_pooling\": \"mean\"");
    assertThat(out.resolve("model.safetensors")).isNotEmptyFile();
    double trained =
        com.google.gson.JsonParser.parseString(Files.readString(out.resolve("report/metrics.json")))
            .getAsJsonObject()
            .getAsJsonObject("test")
            .get("accuracy")
            .getAsDouble();
    Result eval =
        run(
            "evaluate",
            "--model",
            out.toString(),
            "--data",
            data.resolve("test.csv").toString(),
            "-o",
            tmp.resolve("report").toString(),
            "--threads",
            "1");
    assertThat(eval.code()).as(eval.err()).isZero();
    double reloaded =
        com.google.gson.JsonParser.parseString(Files.readString(tmp.resolve("report/report.json")))
            .getAsJsonObject()
            .get("accuracy")
            .getAsDouble();
    assertThat(reloaded).isEqualTo(trained);
  }

  @Test
  void unknownPoolingIsExitTwoNamingTheOption(@TempDir Path tmp) {
    Result bad = classifyFromScratch("--pooling", "max", "-o", tmp.resolve("y").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--pooling", "cls or mean").doesNotContain("\tat ");
    assertThat(tmp.resolve("y")).doesNotExist();
  }

  @Test
  void finetuneWithoutASubcommandListsThem() {
    Result r = run("finetune");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("classify", "tag", "choice");
  }
}
