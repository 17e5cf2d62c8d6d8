package org.transfer4j.pretrain;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.transfer4j.data.Labels;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.bert.BertConfig;

/** Generated corpora and a micro BERT config for pretraining tests (CLI tests use it too). */
public final class PretrainFixtures {
  private PretrainFixtures() {}

  /**
   * 40 made-up words; corpus lines walk through them in a cycle, so a masked word is predictable.
   */
  public static final List<String> WORDS = words();

  private static List<String> words() {
    String[] c = {"b", "d", "k", "m", "p", "s", "t", "v"};
    String[] v = {"a", "e", "i", "o", "u"};
    java.util.ArrayList<String> w = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      w.add(c[i % 8] + v[i % 5] + c[(i * 3 + 1) % 8] + v[(i / 8) % 5]);
    }
    return List.copyOf(w);
  }

  /**
   * {@code lines} lines of {@code minWords..maxWords} words, each line drawn uniformly from the 5
   * words of one random topic: a masked word has entropy ln 5 given its line, ln 40 without
   * context.
   */
  public static Path topicCorpus(Path file, int lines, int minWords, int maxWords, long seed)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        int topic = rng.nextInt(WORDS.size() / 5);
        int n = rng.nextInt(minWords, maxWords + 1);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < n; j++) {
          sb.append(j == 0 ? "" : " ").append(WORDS.get(5 * topic + rng.nextInt(5)));
        }
        w.write(sb.toString());
        w.newLine();
      }
    }
    return file;
  }

  /** A micro BERT: 2 layers, hidden 64, 2 heads, 64 positions, no dropout. */
  public static BertConfig microConfig(int vocab) {
    return new BertConfig(
        vocab,
        64,
        2,
        2,
        128,
        "gelu",
        0f,
        0f,
        64,
        2,
        0.02f,
        1e-12f,
        0,
        "absolute",
        null,
        null,
        org.transfer4j.model.Labels.numbered(2),
        List.of());
  }

  /** Writes {@link #microConfig} as {@code config.json} in {@code dir}; returns the file. */
  public static Path writeMicroConfig(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(ConfigJson.FILE_NAME);
    ConfigJson.write(microConfig(30522).toJson(), f);
    return f;
  }

  static final int IGNORE = Labels.IGNORE;
}
