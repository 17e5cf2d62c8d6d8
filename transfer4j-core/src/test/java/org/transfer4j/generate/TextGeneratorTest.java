package org.transfer4j.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Tokenizer;

/** Text in, texts out: stop strings, end-of-text and streaming with the real GPT-2 tokenizer. */
class TextGeneratorTest {
  /**
   * The full GPT-2 vocabulary on a tiny random model (seeded): any text the tokenizer makes is
   * valid.
   */
  static TextGenerator tinyGpt2(NDManager m, long seed) throws java.io.IOException {
    Tokenizer tokenizer = Tokenizer.load(SharedData.require("data/tokenizers/gpt2"));
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Bootstrap.seed(seed);
    return new TextGenerator(
        new Gpt2LMHeadModel(m, Gpt2Config.of(50257, 64, 16, 1, 2, 0f)), tokenizer);
  }

  @Test
  void stopStringsEndOfTextAndStreamingAgreeWithAPlainRun() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      TextGenerator g = tinyGpt2(m, 3);
      GenerationConfig greedy = GenerationConfig.greedy(12);
      TextGenerator.Sequence plain = g.generate("The bank said", greedy).get(0);
      assertThat(plain.newTokens()).isEqualTo(12);
      assertThat(plain.ids()).hasSize(g.encode("The bank said").length + 12);

      // Streaming: the pieces add up to the continuation.
      List<String> pieces = new ArrayList<>();
      TextGenerator.Sequence streamed = g.generate("The bank said", greedy, pieces::add).get(0);
      assertThat(String.join("", pieces)).isEqualTo(plain.continuation());
      assertThat(pieces.size()).isGreaterThan(1);

      // A stop string from the middle of the plain continuation: cut right after it.
      String text = plain.continuation();
      String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
      TextGenerator.Sequence stopped =
          g.withStops(List.of(stop)).generate("The bank said", greedy).get(0);
      String expected = text.substring(0, text.indexOf(stop) + stop.length());
      assertThat(stopped.continuation()).isEqualTo(expected);
      assertThat(stopped.newTokens()).isLessThan(12);
      assertThat(stopped.fullText()).isEqualTo("The bank said" + expected);

      // End-of-text: the sequence ends before the first EOS, which is not in the text.
      int promptLength = g.encode("The bank said").length;
      long eos = plain.ids()[promptLength + 4];
      int first = promptLength;
      while (plain.ids()[first] != eos) {
        first++;
      }
      TextGenerator.Sequence ended =
          g.generate("The bank said", greedy.withEosTokenId((int) eos)).get(0);
      assertThat(ended.newTokens()).isEqualTo(first - promptLength);
      assertThat(ended.ids()).hasSize(first);
      assertThat(streamed.continuation()).isEqualTo(plain.continuation());

      // A stop signal (a server whose client hung up) ends the decoding at the next token; the
      // tokens made so far are the plain run's.
      int[] calls = {0};
      TextGenerator.Sequence cut =
          g.generate("The bank said", greedy, null, () -> ++calls[0] > 4).get(0);
      assertThat(cut.newTokens()).isEqualTo(5);
      assertThat(cut.ids()).containsExactly(java.util.Arrays.copyOf(plain.ids(), promptLength + 5));
      TextGenerator.Sequence never = g.generate("The bank said", greedy, null, () -> false).get(0);
      assertThat(never.ids()).containsExactly(plain.ids());
    }
  }

  /**
   * Prompts decoded as one batch (the server's concurrent greedy requests): each gets exactly its
   * solo continuation, at its own limit, stop string or stop signal, is streamed in pieces that add
   * up to it, and is handed over once, as it ends.
   */
  @Test
  void aGreedyBatchGivesEachPromptItsSoloContinuation() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      TextGenerator g = tinyGpt2(m, 5);
      List<String> prompts =
          List.of("The bank said", "Hi", "Why was my card declined at the shop yesterday", "Ok");
      int[] limits = {9, 3, 12, 12};
      List<List<String>> pieces = new ArrayList<>();
      List<TextGenerator.Sequence> handed = new ArrayList<>();
      int[] calls = {0};
      List<TextGenerator.Request> requests = new ArrayList<>();
      for (int i = 0; i < prompts.size(); i++) {
        List<String> p = new ArrayList<>();
        pieces.add(p);
        requests.add(
            new TextGenerator.Request(
                prompts.get(i),
                limits[i],
                p::add,
                i == 3 ? () -> ++calls[0] > 4 : null, // the last one's client leaves
                handed::add));
      }
      List<TextGenerator.Sequence> batch = g.generateGreedy(requests, -1);
      for (int i = 0; i < prompts.size(); i++) {
        TextGenerator.Sequence solo =
            g.generate(prompts.get(i), GenerationConfig.greedy(i == 3 ? 5 : limits[i])).get(0);
        assertThat(batch.get(i).ids()).as("prompt %d", i).containsExactly(solo.ids());
        assertThat(batch.get(i).continuation()).isEqualTo(solo.continuation());
        assertThat(String.join("", pieces.get(i))).isEqualTo(solo.continuation());
      }
      assertThat(batch.get(3).newTokens()).isEqualTo(5);
      // Handed over as each ended: the 3-token one first, the 12-token one last.
      assertThat(handed).containsExactlyInAnyOrderElementsOf(batch);
      assertThat(handed.get(0)).isSameAs(batch.get(1));
      assertThat(handed.get(3)).isSameAs(batch.get(2));

      // A stop string ends its own row only.
      String text = batch.get(2).continuation();
      String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
      List<TextGenerator.Sequence> stopped =
          g.withStops(List.of(stop))
              .generateGreedy(
                  List.of(
                      new TextGenerator.Request(prompts.get(2), 12, null, null, null),
                      new TextGenerator.Request(prompts.get(0), 9, null, null, null)),
                  -1);
      assertThat(stopped.get(0).continuation())
          .isEqualTo(text.substring(0, text.indexOf(stop) + stop.length()));
      assertThat(stopped.get(0).continuation())
          .isEqualTo(
              g.withStops(List.of(stop))
                  .generate(prompts.get(2), GenerationConfig.greedy(12))
                  .get(0)
                  .continuation());
    }
  }
}
