package org.transfer4j.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.transfer4j.BadInputException;
import org.transfer4j.data.TextRecords;
import org.transfer4j.embed.EncodeStats;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;

/**
 * Builds a {@link VectorIndex} from a text file: each row's sentence vector (streamed through
 * {@link SentenceEncoder}, a window at a time), text and label go into the index, and the encoder's
 * name, fingerprint and options into its metadata. Queries later load the same encoder through
 * {@link #queryEncoder}.
 *
 * <pre>{@code
 * try (SentenceEncoder enc = SentenceEncoder.load("all-MiniLM-L6-v2", EncoderOptions.defaults())) {
 *   IndexBuilder.build(enc, Path.of("train.csv"), "text", "category", Path.of("idx"), false, err);
 * }
 * }</pre>
 */
public final class IndexBuilder {
  /** Lucene's defaults: 16 neighbours per node, 100 candidates while inserting. */
  public static final int HNSW_M = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;

  public static final int HNSW_BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;

  /** Rows between two progress lines. */
  static final int PROGRESS_EVERY = 1000;

  private IndexBuilder() {}

  /**
   * Indexes {@code input} into {@code output} and returns the written metadata.
   *
   * @param textColumn the text's column or key (ignored for plain text)
   * @param labelColumn the label's column or key, or null
   * @param overwrite replace a non-empty {@code output}
   * @param progress where progress lines go (stderr)
   */
  public static IndexMetadata build(
      SentenceEncoder encoder,
      Path input,
      String textColumn,
      String labelColumn,
      Path output,
      boolean overwrite,
      PrintWriter progress)
      throws IOException {
    EncoderOptions o = encoder.options();
    IndexMetadata meta =
        new IndexMetadata(
            IndexMetadata.FORMAT,
            IndexMetadata.VERSION,
            modelReference(encoder.modelName()),
            encoder.fingerprint(),
            o.pooling().name().toLowerCase(Locale.ROOT),
            o.normalize(),
            encoder.dimension(),
            0,
            (o.normalize() ? VectorSimilarity.DOT_PRODUCT : VectorSimilarity.COSINE).id(),
            TextRecords.isPlainText(input) ? null : textColumn,
            labelColumn,
            HNSW_M,
            HNSW_BEAM_WIDTH,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    try (TextRecords rows =
            TextRecords.open(
                input, TextRecords.isPlainText(input) ? null : textColumn, labelColumn);
        VectorIndexWriter writer = VectorIndexWriter.create(output, meta, overwrite)) {
      // Rows handed to the encoder wait here until their vectors come back, in the same order.
      ArrayDeque<TextRecords.Row> pending = new ArrayDeque<>();
      Iterator<String> texts =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public String next() {
              TextRecords.Row r = rows.nextRow();
              pending.add(r);
              return r.text();
            }
          };
      long start = System.nanoTime();
      EncodeStats stats =
          encoder.encode(
              texts,
              (i, text, vector) -> {
                TextRecords.Row r = pending.poll();
                writer.add(vector, r.text(), r.label());
                if ((i + 1) % PROGRESS_EVERY == 0) {
                  double s = (System.nanoTime() - start) / 1e9;
                  progress.printf(
                      Locale.ROOT, "indexed %,d texts (%.0f texts/s)%n", i + 1, (i + 1) / s);
                  progress.flush();
                }
              });
      if (stats.texts() == 0) {
        throw new BadInputException(input + ": no texts to index (the file is empty)");
      }
      progress.printf(Locale.ROOT, "building the HNSW graph of %,d vectors...%n", stats.texts());
      progress.flush();
      IndexMetadata done = writer.finish();
      if (stats.truncated() > 0) {
        progress.printf(
            Locale.ROOT,
            "%,d texts were longer than %d tokens and truncated%n",
            stats.truncated(),
            encoder.maxLength());
      }
      return done;
    }
  }

  /**
   * The encoder an index's queries need: the index's model (or {@code model} when given, e.g. a
   * folder that moved) with its pooling and normalisation; refused when its fingerprint differs.
   */
  public static SentenceEncoder queryEncoder(VectorIndex index, String model, int batchSize)
      throws IOException {
    return queryEncoder(index, model, batchSize, org.transfer4j.engine.InferenceOptions.defaults());
  }

  /** As {@link #queryEncoder(VectorIndex, String, int)}, on the given engine. */
  public static SentenceEncoder queryEncoder(
      VectorIndex index, String model, int batchSize, org.transfer4j.engine.InferenceOptions engine)
      throws IOException {
    IndexMetadata m = index.metadata();
    EncoderOptions options =
        EncoderOptions.defaults()
            .withPooling(pooling(m.pooling()))
            .withNormalize(m.normalize())
            .withBatchSize(batchSize)
            .withInference(engine);
    SentenceEncoder enc = SentenceEncoder.load(model != null ? model : m.model(), options);
    try {
      m.requireSameModel(enc.fingerprint(), enc.modelName(), index.dir());
      return enc;
    } catch (RuntimeException e) {
      enc.close();
      throw e;
    }
  }

  private static org.transfer4j.embed.SentencePooling pooling(String name) {
    for (var p : org.transfer4j.embed.SentencePooling.values()) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new BadInputException("index metadata: unknown pooling '" + name + "'");
  }

  /** A folder as an absolute path (queries may run elsewhere); a built-in name as given. */
  static String modelReference(String given) {
    try {
      Path p = Path.of(given);
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize().toString();
      }
    } catch (InvalidPathException e) {
      // not a path: a built-in name
    }
    return given;
  }
}
