package org.transfer4j.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.transfer4j.BadInputException;
import org.transfer4j.io.AtomicFiles;

/**
 * Builds a {@link VectorIndex} folder: a Lucene index whose documents hold the vector (an HNSW
 * graph, Malkov and Yashunin, 2018, through {@link KnnFloatVectorField}), the text and the label,
 * plus {@code metadata.json}. The folder is built beside the target under a temporary name and
 * renamed into place by {@link #finish()}, so a failed or interrupted build never leaves a
 * half-written index where the old one (or nothing) was.
 *
 * <p>Row numbers: the i-th vector added is document i. One thread adds documents (one in-memory
 * segment at a time), the merge policy only merges adjacent segments, and the build ends with a
 * merge into one segment, so Lucene keeps the order; {@link #finish()} checks it.
 *
 * <pre>{@code
 * try (VectorIndexWriter w = VectorIndexWriter.create(Path.of("idx"), metadata, false)) {
 *   w.add(vector, "How old are you?", "age");
 *   w.finish();
 * }
 * }</pre>
 */
public final class VectorIndexWriter implements Closeable {
  /** Lucene's limit for {@link Lucene99HnswVectorsFormat}. */
  public static final int MAX_DIMENSION = 1024;

  static final String VECTOR = "vector";
  static final String TEXT = "text";
  static final String LABEL = "label";
  static final String ROW = "row";

  private final Path target;
  private final Path tmp;
  private final IndexMetadata metadata;
  private final VectorSimilarity similarity;
  private final boolean overwrite;
  private IndexWriter writer;
  private int count;
  private boolean finished;

  private VectorIndexWriter(Path target, Path tmp, IndexMetadata metadata, boolean overwrite)
      throws IOException {
    this.target = target;
    this.tmp = tmp;
    this.metadata = metadata;
    this.similarity = metadata.similarityFunction();
    this.overwrite = overwrite;
    int m = metadata.hnswM();
    int beam = metadata.hnswBeamWidth();
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            // Few large flushes: each flushed segment builds its own graph.
            .setRAMBufferSizeMB(256)
            .setMergePolicy(new LogByteSizeMergePolicy())
            .setCodec(
                new Lucene912Codec() {
                  @Override
                  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return new Lucene99HnswVectorsFormat(m, beam);
                  }
                });
    this.writer = new IndexWriter(FSDirectory.open(tmp), config);
  }

  /**
   * Starts an index at {@code target} ({@code metadata}'s count is filled in at the end). Refuses
   * an existing non-empty {@code target} unless {@code overwrite}.
   */
  public static VectorIndexWriter create(Path target, IndexMetadata metadata, boolean overwrite)
      throws IOException {
    if (metadata.dimension() > MAX_DIMENSION) {
      throw new BadInputException(
          "vectors of dimension "
              + metadata.dimension()
              + " exceed Lucene's HNSW limit of "
              + MAX_DIMENSION);
    }
    if (!overwrite && !isEmptyOrAbsent(target)) {
      throw new BadInputException(
          target + ": exists and is not empty; pass --overwrite or choose another output folder");
    }
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      return new VectorIndexWriter(abs, tmp, metadata, overwrite);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /**
   * Adds row {@link #count()}: its vector ({@code dimension} floats; unit length for {@code
   * dot_product}), text and label (null when the index has no labels).
   */
  public void add(float[] vector, String text, String label) throws IOException {
    if (vector.length != metadata.dimension()) {
      throw new IllegalArgumentException(
          "vector of " + vector.length + " floats, the index has " + metadata.dimension());
    }
    if (similarity == VectorSimilarity.DOT_PRODUCT) {
      requireUnit(vector);
    }
    Document d = new Document();
    d.add(new KnnFloatVectorField(VECTOR, vector, similarity.lucene()));
    d.add(new StoredField(TEXT, text));
    if (label != null) {
      d.add(new StoredField(LABEL, label));
      d.add(new SortedDocValuesField(LABEL, new BytesRef(label)));
    }
    d.add(new NumericDocValuesField(ROW, count));
    writer.addDocument(d);
    count++;
  }

  /** Rows added so far. */
  public int count() {
    return count;
  }

  /**
   * Merges to one segment (one HNSW graph, the fastest to search), checks the row order, writes
   * {@code metadata.json} and moves the folder into place.
   */
  public IndexMetadata finish() throws IOException {
    writer.forceMerge(1);
    writer.commit();
    writer.close();
    writer = null;
    checkRowOrder();
    IndexMetadata done = metadata.withCount(count);
    done.write(tmp);
    if (Files.exists(target)) {
      if (!overwrite && !isEmptyOrAbsent(target)) {
        throw new BadInputException(
            target + ": appeared while the index was built; pass --overwrite to replace it");
      }
      deleteTree(target);
    }
    AtomicFiles.moveIntoPlace(tmp, target);
    finished = true;
    return done;
  }

  private void checkRowOrder() throws IOException {
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(tmp))) {
      if (r.maxDoc() != count) {
        throw new IllegalStateException("index has " + r.maxDoc() + " documents, added " + count);
      }
      for (var leaf : r.leaves()) {
        LeafReader lr = leaf.reader();
        NumericDocValues rows = lr.getNumericDocValues(ROW);
        for (int doc = 0; doc < lr.maxDoc(); doc++) {
          if (rows == null || !rows.advanceExact(doc) || rows.longValue() != leaf.docBase + doc) {
            throw new IllegalStateException("Lucene reordered the rows at document " + doc);
          }
        }
      }
    }
  }

  private static void requireUnit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new IllegalArgumentException(
          "dot_product needs unit-length vectors, got squared norm " + sum);
    }
  }

  static boolean isEmptyOrAbsent(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Abandons an unfinished build: the temporary folder is deleted, the target left as it was. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    try {
      if (writer != null) {
        writer.rollback();
      }
    } finally {
      writer = null;
      deleteTree(tmp);
    }
  }
}
