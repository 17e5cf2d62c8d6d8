package org.transfer4j.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.data.PackedBlocks;
import org.transfer4j.data.TokenCache;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.TextGenerator;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.TrainerConfig;

/** Causal-LM training of a tiny GPT-2 on generated text, and the packing of documents. */
class ClmTrainerTest {
  static final String[] WORDS = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"
  };

  @TempDir Path tmp;

  @Test
  void documentsArePackedWithEndOfTextBetweenThem() throws IOException {
    Path text = Files.writeString(tmp.resolve("ids.txt"), "1 2 3\n\n4 5\n6 7 8 9\n10\n");
    try (TokenCache cache =
        TokenCache.openOrBuild(
            tmp.resolve("cache"),
            List.of(text),
            line ->
                line.isBlank()
                    ? new int[0]
                    : Arrays.stream(line.trim().split(" ")).mapToInt(Integer::parseInt).toArray(),
            "ints",
            0)) {
      PackedBlocks blocks = new PackedBlocks(cache, 0, 4);
      // Stream: 1 2 3 0 4 5 0 6 7 8 9 0 10 0 -> 14 tokens, 3 whole blocks, tail dropped.
      assertThat(blocks.streamTokens()).isEqualTo(14);
      assertThat(blocks.blocks()).isEqualTo(3);
      long[][] expected = {{1, 2, 3, 0}, {4, 5, 0, 6}, {7, 8, 9, 0}};
      for (int b = 0; b < 3; b++) {
        long[] got = new long[4];
        blocks.read(b, got);
        assertThat(got).as("block %d", b).isEqualTo(expected[b]);
      }
    }
  }

  @Test
  void tinyGptLearnsAGeneratedCorpusFarBelowUnigramPerplexityAndGenerates() throws IOException {
    // Each line walks the 20 words in order from a random start: the next word is certain
    // given the previous one, while the unigram distribution is nearly uniform.
    Random random = new Random(1);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int start = random.nextInt(WORDS.length);
      int n = 6 + random.nextInt(10);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < n; k++) {
        b.append(k == 0 ? "" : " ").append(WORDS[(start + k) % WORDS.length]);
      }
      lines.add(b.toString());
    }
    Path corpus = Files.write(tmp.resolve("corpus.txt"), lines);
    Path out = tmp.resolve("gpt");
    TrainerConfig training =
        TrainerConfig.builder(out)
            .epochs(0)
            .maxSteps(120)
            .batchSize(16)
            .lr(3e-3)
            .evalEvery(120)
            .logEvery(20)
            .plots(false)
            .build();
    PrintStream quiet =
        new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    ClmResult r =
        ClmTrainer.run(
            ClmConfig.scratch(List.of(corpus), "gpt2-tiny", null, 300, training)
                .withBlockSize(32)
                .withLog(quiet, false));
    assertThat(r.unigramPerplexity()).isGreaterThan(10);
    assertThat(r.validationPerplexity()).isLessThan(r.unigramPerplexity() / 4);
    assertThat(r.steps()).isEqualTo(120);
    assertThat(out.resolve("config.json")).content().contains("GPT2LMHeadModel");
    assertThat(out.resolve("tokenizer.json")).exists();

    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2LMHeadModel model = HfModels.load(out, Gpt2LMHeadModel.class, m);
      TextGenerator g = new TextGenerator(model, Tokenizer.load(out));
      String text = g.generate("kappa lambda mu", GenerationConfig.greedy(6)).get(0).continuation();
      assertThat(text).startsWith(" nu xi");
    }
  }

  @Test
  void badInputIsClear() {
    TrainerConfig training = TrainerConfig.builder(tmp.resolve("x")).build();
    assertThatThrownBy(
            () ->
                ClmConfig.scratch(List.of(tmp.resolve("c.txt")), "gpt2-tiny", null, null, training))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("exactly one of --tokenizer DIR and --vocab-size N");
    assertThatThrownBy(
            () ->
                ClmTrainer.run(
                    ClmConfig.scratch(
                        List.of(Files.writeString(tmp.resolve("short.txt"), "alpha beta\n")),
                        "gpt2-tiny",
                        null,
                        300,
                        training)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("too few for two blocks of 128");
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThatThrownBy(() -> ClmTrainer.modelConfig("gpt2-huge"))
        .hasMessageContaining("neither a preset (gpt2-tiny, gpt2-mini, gpt2-small)");
  }
}
