package org.transfer4j.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Compares our encodings with the Hugging Face library (through DJL) field by field. */
final class Oracle {
  private Oracle() {}

  static HuggingFaceTokenizer load(Path tokenizerJson, Map<String, String> options) {
    try {
      return HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A description of the first difference, or null when identical. */
  static String diff(Encoding ours, ai.djl.huggingface.tokenizers.Encoding hf) {
    String d = diffTop(ours, hf);
    if (d != null) {
      return d;
    }
    ai.djl.huggingface.tokenizers.Encoding[] ho = hf.getOverflowing();
    int hn = ho == null ? 0 : ho.length;
    if (hn != ours.overflowing().size()) {
      return "overflowing count ours " + ours.overflowing().size() + " hf " + hn;
    }
    for (int i = 0; i < hn; i++) {
      String od = diffTop(ours.overflowing().get(i), ho[i]);
      if (od != null) {
        return "overflowing[" + i + "]: " + od;
      }
    }
    return null;
  }

  private static String diffTop(Encoding ours, ai.djl.huggingface.tokenizers.Encoding hf) {
    if (!Arrays.equals(toLong(ours.ids()), hf.getIds())) {
      return "ids ours "
          + Arrays.toString(ours.tokens())
          + Arrays.toString(ours.ids())
          + "\n hf "
          + Arrays.toString(hf.getTokens())
          + Arrays.toString(hf.getIds());
    }
    if (!Arrays.equals(toLong(ours.typeIds()), hf.getTypeIds())) {
      return "type ids ours "
          + Arrays.toString(ours.typeIds())
          + " hf "
          + Arrays.toString(hf.getTypeIds());
    }
    if (!Arrays.equals(toLong(ours.specialTokensMask()), hf.getSpecialTokenMask())) {
      return "special mask ours "
          + Arrays.toString(ours.specialTokensMask())
          + " hf "
          + Arrays.toString(hf.getSpecialTokenMask());
    }
    if (!Arrays.equals(toLong(ours.attentionMask()), hf.getAttentionMask())) {
      return "attention ours "
          + Arrays.toString(ours.attentionMask())
          + " hf "
          + Arrays.toString(hf.getAttentionMask());
    }
    CharSpan[] spans = hf.getCharTokenSpans();
    for (int i = 0; i < spans.length; i++) {
      int[] h =
          spans[i] == null ? new int[] {0, 0} : new int[] {spans[i].getStart(), spans[i].getEnd()};
      if (!Arrays.equals(h, ours.offsets()[i])) {
        return "offset "
            + i
            + " ("
            + ours.tokens()[i]
            + ") ours "
            + Arrays.toString(ours.offsets()[i])
            + " hf "
            + Arrays.toString(h);
      }
    }
    long[] words = hf.getWordIds();
    for (int i = 0; i < words.length; i++) {
      long o = ours.wordIds()[i] == null ? -1 : ours.wordIds()[i];
      if (o != words[i]) {
        return "word ids ours " + Arrays.toString(ours.wordIds()) + " hf " + Arrays.toString(words);
      }
    }
    return null;
  }

  static long[] toLong(int[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i];
    }
    return r;
  }

  static List<String> banking77(Path dir) {
    List<String> texts = new ArrayList<>();
    for (String f : List.of("train.csv", "test.csv")) {
      try (var r = java.nio.file.Files.newBufferedReader(dir.resolve(f))) {
        for (CSVRecord rec :
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
          texts.add(rec.get("text"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return texts;
  }
}
