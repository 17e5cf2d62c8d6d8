package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The parity checks shared by the BERT and GPT-2 tests: one method per encode setting. */
final class ParityChecks {
  private final Tokenizer ours;
  private final Path json;
  private final List<String> texts;

  ParityChecks(Tokenizer ours, Path tokenizerJson, List<String> texts) {
    this.ours = ours;
    this.json = tokenizerJson;
    this.texts = texts;
  }

  static HuggingFaceTokenizer.Builder hfBuilder(Path json) {
    return HuggingFaceTokenizer.builder()
        .optTokenizerPath(json)
        .optTruncation(false)
        .optPadding(false);
  }

  /** Encodes every text (with text i+1 as pair when {@code pairs}) and compares. */
  void check(
      UnaryOperator<Tokenizer> configure,
      UnaryOperator<HuggingFaceTokenizer.Builder> hfConfigure,
      boolean pairs,
      boolean addSpecial,
      int limit) {
    Tokenizer t = configure.apply(ours);
    List<String> bad = new ArrayList<>();
    try (HuggingFaceTokenizer hf =
        hfConfigure.apply(hfBuilder(json).optAddSpecialTokens(addSpecial)).build()) {
      int n = Math.min(limit, texts.size());
      for (int i = 0; i < n; i++) {
        String a = texts.get(i);
        String b = pairs ? texts.get((i + 1) % texts.size()) : null;
        Encoding mine = null;
        String myError = null;
        try {
          mine = t.encode(a, b, addSpecial);
        } catch (IllegalArgumentException e) {
          myError = e.getMessage();
        }
        if (myError != null && myError.contains("stride")) {
          continue; // the Rust library panics (aborting the JVM) where we throw: do not call it
        }
        ai.djl.huggingface.tokenizers.Encoding theirs = null;
        String hfError = null;
        try {
          theirs = b == null ? hf.encode(a, addSpecial, true) : hf.encode(a, b, addSpecial, true);
        } catch (RuntimeException e) {
          hfError = String.valueOf(e.getMessage());
        }
        String d;
        if (myError != null || hfError != null) {
          d =
              (myError == null) == (hfError == null)
                  ? null
                  : "error ours " + myError + " hf " + hfError;
        } else {
          d = Oracle.diff(mine, theirs);
        }
        if (d != null && bad.size() < 5) {
          bad.add(
              BertParityTest.escape(a)
                  + (b == null ? "" : " | " + BertParityTest.escape(b))
                  + "\n  "
                  + d);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bad).isEmpty();
  }

  /** Batch encoding with batch-longest padding against the library's batch encode. */
  void checkBatch(int padId, String padToken, int batchSize, int limit) {
    Tokenizer t = ours.withPadding(Padding.longest(padId, padToken).withMultipleOf(8));
    List<String> bad = new ArrayList<>();
    try (HuggingFaceTokenizer hf = hfBuilder(json).optPadding(true).optPadToMultipleOf(8).build()) {
      for (int s = 0; s + batchSize <= Math.min(limit, texts.size()); s += batchSize) {
        List<String> batch = texts.subList(s, s + batchSize);
        List<Encoding> mine = t.encodeBatch(batch);
        ai.djl.huggingface.tokenizers.Encoding[] theirs = hf.batchEncode(batch);
        for (int i = 0; i < batch.size(); i++) {
          String d = Oracle.diff(mine.get(i), theirs[i]);
          if (d != null && bad.size() < 5) {
            bad.add(BertParityTest.escape(batch.get(i)) + "\n  " + d);
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bad).isEmpty();
  }

  /** Decoding ids back to text, with and without special tokens. */
  void checkDecode(int limit) {
    List<String> bad = new ArrayList<>();
    try (HuggingFaceTokenizer hf = hfBuilder(json).build()) {
      for (int i = 0; i < Math.min(limit, texts.size()); i++) {
        int[] ids = ours.encode(texts.get(i)).ids();
        long[] lids = Oracle.toLong(ids);
        for (boolean skip : new boolean[] {true, false}) {
          String mine = ours.decode(ids, skip);
          String theirs = hf.decode(lids, skip);
          if (!mine.equals(theirs) && bad.size() < 5) {
            bad.add(
                BertParityTest.escape(texts.get(i))
                    + " skip="
                    + skip
                    + "\n  ours "
                    + BertParityTest.escape(mine)
                    + "\n  hf   "
                    + BertParityTest.escape(theirs));
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bad).isEmpty();
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
