package org.transfer4j.embed;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.data.TextRecords;
import org.transfer4j.io.AtomicFiles;
import org.transfer4j.io.NpyWriter;
import org.transfer4j.tokenize.train.Progress;

/**
 * The {@code embed} verb's work: the texts of a file ({@link TextRecords}: lines, or a CSV/TSV
 * column or JSONL key) to sentence vectors in {@code OUT.npy} (float32 {@code [n, dim]}, rows in
 * input order) or {@code OUT.jsonl} ({@code {"text": .., "vector": [..]}} per line). The input is
 * read twice, once to count texts for the progress bar and once streaming through the encoder, so
 * memory stays flat; the output appears only when complete ({@link AtomicFiles}).
 *
 * <pre>{@code
 * EncodeStats s = EmbedFiles.embed(encoder, Path.of("test.csv"), "text", Path.of("v.npy"),
 *     Progress.toStderr());
 * }</pre>
 */
public final class EmbedFiles {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private EmbedFiles() {}

  /** Embeds every text of {@code input} into {@code output} (by its extension). */
  public static EncodeStats embed(
      SentenceEncoder encoder, Path input, String column, Path output, Progress progress)
      throws IOException {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean npy = name.endsWith(".npy");
    if (!npy && !name.endsWith(".jsonl")) {
      throw new BadInputException(
          "--output "
              + output
              + ": unknown format; end the name with .npy (a float32 NumPy array) or .jsonl"
              + " ({\"text\", \"vector\"} per line)");
    }
    long total = count(input, column);
    progress.start("Embed", total);
    EncodeStats[] stats = new EncodeStats[1];
    AtomicFiles.write(
        output,
        tmp -> {
          try (TextRecords texts = TextRecords.open(input, column)) {
            if (npy) {
              try (NpyWriter w = NpyWriter.create(tmp, encoder.dimension())) {
                stats[0] = encoder.encode(texts, (i, t, v) -> w.write(v), progress::advance);
              }
            } else {
              try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                stats[0] =
                    encoder.encode(texts, (i, t, v) -> w.write(jsonLine(t, v)), progress::advance);
              }
            }
          }
        });
    progress.finish();
    return stats[0];
  }

  /** The number of texts in {@code input}; an input without any is a {@link BadInputException}. */
  public static long count(Path input, String column) throws IOException {
    long n = 0;
    try (TextRecords r = TextRecords.open(input, column)) {
      while (r.hasNext()) {
        r.next();
        n++;
      }
    }
    if (n == 0) {
      throw new BadInputException(
          input + ": no texts (the file is empty, only blank lines or only a header row)");
    }
    return n;
  }

  /** {@code {"text": .., "vector": [..]}} and a newline; floats in Java's shortest exact form. */
  static String jsonLine(String text, float[] v) {
    StringBuilder b = new StringBuilder(32 + text.length() + v.length * 12);
    b.append("{\"text\": ").append(GSON.toJson(text)).append(", \"vector\": [");
    for (int d = 0; d < v.length; d++) {
      if (d > 0) {
        b.append(", ");
      }
      b.append(v[d]);
    }
    return b.append("]}\n").toString();
  }
}
