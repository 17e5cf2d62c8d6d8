package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;

/** pretrain --objective clm, finetune lm, evaluate (perplexity) and generate, chained. */
class CausalLmCliTest {
  static final String[] WORDS = {
    "red", "orange", "yellow", "green", "blue", "indigo", "violet", "black", "white", "grey",
    "brown", "pink", "gold", "silver", "cyan", "teal"
  };

  @TempDir Path tmp;

  private Path corpus(String name, int lines, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      int start = random.nextInt(WORDS.length);
      int n = 5 + random.nextInt(8);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < n; k++) {
        b.append(k == 0 ? "" : " ").append(WORDS[(start + k) % WORDS.length]);
      }
      out.add(b.toString());
    }
    return Files.write(tmp.resolve(name), out);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Double.parseDouble(m.group(1).replace(",", ""));
  }

  @Test
  void pretrainEvaluateFinetuneAndGenerate() throws Exception {
    Path train = corpus("train.txt", 400, 1);
    Path test = corpus("test.txt", 60, 2);
    Path gpt = tmp.resolve("gpt");
    Result pre =
        run(
            "pretrain",
            "--objective",
            "clm",
            "--config",
            "gpt2-tiny",
            "--corpus",
            train.toString(),
            "--vocab-size",
            "300",
            "--block-size",
            "32",
            "--epochs",
            "0",
            "--max-steps",
            "80",
            "--batch-size",
            "16",
            "--lr",
            "3e-3",
            "--no-plots",
            "--output",
            gpt.toString(),
            "--threads",
            "1");
    assertThat(pre.code()).as(pre.err()).isZero();
    double ppl = number(pre.out(), "validation perplexity ([0-9.]+)");
    double unigram = number(pre.out(), "unigram ([0-9.]+)");
    assertThat(ppl).isLessThan(unigram / 3);
    assertThat(gpt.resolve("config.json")).content().contains("GPT2LMHeadModel");

    Result eval =
        run("evaluate", "--model", gpt.toString(), "--data", test.toString(), "--threads", "1");
    assertThat(eval.code()).as(eval.err()).isZero();
    double testPpl = number(eval.out(), "perplexity ([0-9.]+) over");
    assertThat(testPpl).isLessThan(unigram / 3);

    Path tuned = tmp.resolve("tuned");
    Result ft =
        run(
            "finetune",
            "lm",
            "--model",
            gpt.toString(),
            "--train",
            test.toString(),
            "--block-size",
            "32",
            "--epochs",
            "0",
            "--max-steps",
            "5",
            "--batch-size",
            "8",
            "--lr",
            "1e-4",
            "--no-plots",
            "--output",
            tuned.toString(),
            "--threads",
            "1");
    assertThat(ft.code()).as(ft.err()).isZero();
    assertThat(ft.out()).contains("fine-tuned 5 steps");
    assertThat(tuned.resolve("tokenizer.json")).exists();

    Result gen =
        run(
            "generate",
            "--model",
            tuned.toString(),
            "--prompt",
            "blue indigo",
            "--max-new-tokens",
            "8",
            "--threads",
            "1");
    assertThat(gen.code()).as(gen.err()).isZero();
    assertThat(gen.out()).startsWith("blue indigo violet");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Path train = corpus("c.txt", 3, 1);
    Map<String[], String> cases = new LinkedHashMap<>();
    cases.put(
        new String[] {
          "pretrain",
          "--objective",
          "clm",
          "--corpus",
          train.toString(),
          "--vocab-size",
          "300",
          "--mlm-probability",
          "0.2",
          "--output",
          tmp.resolve("a").toString()
        },
        "--mlm-probability does not apply to --objective clm");
    cases.put(
        new String[] {
          "pretrain",
          "--objective",
          "gpt",
          "--corpus",
          train.toString(),
          "--vocab-size",
          "300",
          "--output",
          tmp.resolve("b").toString()
        },
        "choose mlm (BERT) or clm");
    cases.put(
        new String[] {
          "pretrain",
          "--objective",
          "clm",
          "--corpus",
          train.toString(),
          "--vocab-size",
          "300",
          "--config",
          "gpt2-tiny",
          "--output",
          tmp.resolve("c").toString()
        },
        "too few for two blocks of 128");
    cases.put(
        new String[] {
          "finetune",
          "lm",
          "--model",
          tmp.resolve("none").toString(),
          "--train",
          train.toString(),
          "--output",
          tmp.resolve("d").toString()
        },
        "no such model folder");
    // Regression: causal-LM runs wrote into a folder holding another run.
    Path previous = Files.createDirectories(tmp.resolve("previous-run"));
    Files.writeString(previous.resolve("metrics.jsonl"), "{}\n");
    cases.put(
        new String[] {
          "pretrain",
          "--objective",
          "clm",
          "--corpus",
          train.toString(),
          "--vocab-size",
          "300",
          "--output",
          previous.toString()
        },
        "is not empty");
    for (Map.Entry<String[], String> e : cases.entrySet()) {
      Result r = run(e.getKey());
      assertThat(r.code()).as(String.join(" ", e.getKey()) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains(e.getValue()).doesNotContain("\tat ");
    }
    assertThat(tmp.resolve("c")).doesNotExist();
    assertThat(Files.readString(previous.resolve("metrics.jsonl"))).isEqualTo("{}\n");
  }
}
