package org.transfer4j.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A golden tiny BERT/DistilBERT checkpoint (../shared/golden) copied into a folder with a WordPiece
 * tokenizer whose word {@code w<i>} is id {@code i}, so a text names its token ids.
 */
public final class EmbedFixtures {
  private EmbedFixtures() {}

  /** BERT: 2 layers, hidden 32, vocabulary 99, 20 positions. */
  public static Path bert(Path dir) throws IOException {
    return folder("golden/bert-pretraining", dir, 99);
  }

  /** DistilBERT: 2 layers, dim 32, vocabulary 97, 24 positions. */
  public static Path distilBert(Path dir) throws IOException {
    return folder("golden/distilbert-sequence-classification", dir, 97);
  }

  private static Path folder(String golden, Path dir, int vocabSize) throws IOException {
    Path src = SharedData.require(golden);
    Files.createDirectories(dir);
    Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
    Map<String, Integer> vocab = new LinkedHashMap<>();
    List<String> specials = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    for (int i = 0; i < vocabSize; i++) {
      vocab.put(i < specials.size() ? specials.get(i) : "w" + i, i);
    }
    Tokenizer.bertWordPiece(vocab, BertOptions.uncased()).save(dir);
    return dir;
  }

  /** The text {@code "w<a> w<b> ..."} of token ids. */
  public static String text(int... ids) {
    StringJoiner j = new StringJoiner(" ");
    for (int id : ids) {
      j.add("w" + id);
    }
    return j.toString();
  }
}
