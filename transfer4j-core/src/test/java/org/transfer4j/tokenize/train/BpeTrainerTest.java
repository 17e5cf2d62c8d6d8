package org.transfer4j.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;

class BpeTrainerTest {
  /** The corpus of the Hugging Face course's BPE/WordPiece chapters. */
  static Map<String, Long> hugCorpus() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("hug", 10L);
    m.put("pug", 5L);
    m.put("pun", 12L);
    m.put("bun", 4L);
    m.put("hugs", 5L);
    return m;
  }

  /** Hugging Face's own trainer test (bpe/trainer.rs test_train): same counts, same result. */
  @Test
  void matchesHuggingFaceTrainerTest() {
    Map<String, Long> wc = new HashMap<>();
    for (String w :
        List.of("roses", "red", "voilets", "blue", "BERT", "big", "and", "so", "GPT-2")) {
      wc.put(w, 1L);
    }
    wc.put("are", 2L);
    wc.put("is", 2L);
    TrainedBpe bpe = BpeTrainer.train(wc, TrainerConfig.bpe(30_000).withMinFrequency(2));
    assertThat(bpe.vocab())
        .containsExactly(
            "-", "2", "B", "E", "G", "P", "R", "T", "a", "b", "d", "e", "g", "i", "l", "n", "o",
            "r", "s", "t", "u", "v", "re", "are", "is");
    assertThat(bpe.merges().stream().map(Object::toString)).containsExactly("r e", "a re", "i s");
  }

  /** Hugging Face's bpe_test_max_token_length_direct_assert: no token longer than 2 chars. */
  @Test
  void maxTokenLengthMatchesHuggingFace() {
    Map<String, Long> wc = new HashMap<>();
    for (String w :
        List.of("sin", "Sin", "Lon", "Ano", "짧은한", "긴한글", "短字符", "长字符", "短い文", "長い文", "so", "GP")) {
      wc.put(w, 2L);
    }
    TrainedBpe bpe = BpeTrainer.train(wc, TrainerConfig.bpe(30_000).withMaxTokenLength(2));
    Map<String, Integer> expected = new HashMap<>();
    String[] tokens = {
      "A", "G", "L", "P", "S", "i", "n", "o", "s", "い", "字", "文", "短", "符", "長", "长", "글", "긴", "은",
      "짧", "한", "in", "い文", "字符", "An", "GP", "Lo", "so", "긴한", "은한"
    };
    for (int i = 0; i < tokens.length; i++) {
      expected.put(tokens[i], i);
    }
    assertThat(bpe.vocabMap()).isEqualTo(expected);
  }

  static Stream<Arguments> wordPieceCases() {
    List<String> initial =
        List.of("[PAD]", "[UNK]", "b", "g", "h", "n", "p", "s", "u", "##u", "##n", "##g", "##s");
    return Stream.of(
            // vocab size, min frequency, the tokens learned after the initial 13, in id order
            Arguments.of(13, 0, List.of()),
            Arguments.of(17, 0, List.of("##ug", "##un", "hug", "pun")),
            // (p, ##ug) and (hug, ##s) both occur 5 times: the smaller ids (6, 13) win over (15,
            // 12)
            Arguments.of(18, 0, List.of("##ug", "##un", "hug", "pun", "pug")),
            Arguments.of(100, 0, List.of("##ug", "##un", "hug", "pun", "pug", "hugs", "bun")),
            // min frequency: pun (12 times) is not merged when 13 are needed
            Arguments.of(100, 13, List.of("##ug", "##un", "hug")),
            Arguments.of(100, 5, List.of("##ug", "##un", "hug", "pun", "pug", "hugs")))
        .map(
            a -> {
              Object[] x = a.get();
              List<String> all = new java.util.ArrayList<>(initial);
              @SuppressWarnings("unchecked")
              List<String> learned = (List<String>) x[2];
              all.addAll(learned);
              return Arguments.of(x[0], x[1], all);
            });
  }

  @ParameterizedTest(name = "vocab {0}, min frequency {1}")
  @MethodSource("wordPieceCases")
  void wordPieceVocabulary(int vocabSize, long minFrequency, List<String> expected) {
    TrainerConfig c =
        TrainerConfig.wordPiece(vocabSize)
            .withSpecialTokens(List.of("[PAD]", "[UNK]"))
            .withMinFrequency(minFrequency);
    List<String> vocab = WordPieceTrainer.train(hugCorpus(), c);
    assertThat(vocab).containsExactlyElementsOf(expected);
  }

  @Test
  void exactVocabSizeWhenEnoughPairs() {
    for (int size = 13; size <= 20; size++) {
      List<String> vocab =
          WordPieceTrainer.train(
              hugCorpus(),
              TrainerConfig.wordPiece(size)
                  .withSpecialTokens(List.of("[PAD]", "[UNK]"))
                  .withMinFrequency(0));
      assertThat(vocab).hasSize(size);
    }
  }

  @Test
  void specialTokensFirstInOrderWithoutDuplicates() {
    List<String> vocab =
        WordPieceTrainer.train(
            hugCorpus(),
            TrainerConfig.wordPiece(30)
                .withSpecialTokens(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[PAD]")));
    assertThat(vocab.subList(0, 6))
        .containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "b");
  }

  @Test
  void limitAlphabetDropsRarestCharsFromWords() {
    // b (4 times) is the rarest char; without it "bun" is ##u ##n, so (##u, ##n) counts 16.
    TrainerConfig c = TrainerConfig.wordPiece(100).withSpecialTokens(List.of()).withMinFrequency(0);
    List<String> vocab = WordPieceTrainer.train(hugCorpus(), c.withLimitAlphabet(6));
    assertThat(vocab.subList(0, 6)).containsExactly("g", "h", "n", "p", "s", "u");
    assertThat(vocab).doesNotContain("b", "bun").contains("##un");
    // limit 0 keeps nothing: no symbols, no merges
    assertThat(WordPieceTrainer.train(hugCorpus(), c.withLimitAlphabet(0))).isEmpty();
  }

  @Test
  void initialAlphabetIsKeptEvenUnseenAndOverTheLimit() {
    TrainerConfig c =
        TrainerConfig.wordPiece(100)
            .withSpecialTokens(List.of())
            .withInitialAlphabet(Set.of((int) 'z', (int) 'a'))
            .withLimitAlphabet(3);
    List<String> vocab = WordPieceTrainer.train(hugCorpus(), c);
    // a and z always; u (36 times) is the most frequent seen char
    assertThat(vocab.subList(0, 3)).containsExactly("a", "u", "z");
  }

  /** Ties go to the smaller pair of ids: e < h < l < o in code point order, new tokens last. */
  @Test
  void byteLevelStartsWithTheSpecialAndTheByteAlphabet() {
    Map<String, Long> wc = Map.of("Ġhello", 3L, "hello", 2L);
    TrainedBpe bpe = BpeTrainer.train(wc, TrainerConfig.byteLevelBpe(261));
    assertThat(bpe.vocab()).hasSize(261);
    assertThat(bpe.vocab().get(0)).isEqualTo("<|endoftext|>");
    assertThat(bpe.vocab().get(1)).isEqualTo("!");
    assertThat(bpe.vocab().subList(1, 257))
        .doesNotHaveDuplicates()
        .contains("Ġ", "Ā", "ł", "a", "Ċ");
    assertThat(bpe.merges().stream().map(Object::toString))
        .containsExactly("e l", "h el", "l o", "hel lo");
  }

  @Test
  void vocabSizeBelowAlphabetPlusSpecialsIsAClearError() {
    assertThatThrownBy(
            () ->
                WordPieceTrainer.train(
                    hugCorpus(),
                    TrainerConfig.wordPiece(10).withSpecialTokens(List.of("[PAD]", "[UNK]"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("vocab size 10 is too small")
        .hasMessageContaining("2 special tokens")
        .hasMessageContaining("7-character alphabet")
        .hasMessageContaining("at least 13");
    assertThatThrownBy(() -> BpeTrainer.train(hugCorpus(), TrainerConfig.byteLevelBpe(100)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("at least 257");
  }

  @Test
  void emptyCorpusIsAClearError() {
    assertThatThrownBy(() -> WordPieceTrainer.train(Map.of(), TrainerConfig.wordPiece(100)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no words to train on");
  }

  @Test
  void invalidConfigIsRejected() {
    assertThatThrownBy(() -> TrainerConfig.wordPiece(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocab size");
    assertThatThrownBy(() -> TrainerConfig.bpe(10).withMinFrequency(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min frequency");
  }

  /** A pair merged twice (its token reached by two paths) keeps its last rank only. */
  @Test
  void repeatedMergeKeepsOneRank() {
    Map<String, Long> wc = new HashMap<>();
    wc.put("abcd", 1L);
    wc.put("ab", 5L);
    wc.put("bcd", 4L);
    wc.put("bc", 4L);
    TrainedBpe bpe = BpeTrainer.train(wc, TrainerConfig.bpe(100));
    assertThat(bpe.merges().stream().map(Object::toString)).doesNotHaveDuplicates();
    assertThat(bpe.vocab()).doesNotHaveDuplicates();
  }
}
