package org.transfer4j.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.transfer4j.BadInputException;

/**
 * An on-disk vector index built by {@link VectorIndexWriter}: approximate search through Lucene's
 * HNSW graph ({@link #search}), exact search over the same vectors ({@link #exact()}), and each
 * row's text and label.
 *
 * <p>Exact search reads the vectors back from Lucene's {@link FloatVectorValues} (the {@code .vec}
 * file is already a flat float32 array, memory-mapped), rather than from a side copy that would
 * double the index on disk for nothing; document numbers are row numbers (see {@link
 * VectorIndexWriter}).
 *
 * <pre>{@code
 * try (VectorIndex index = VectorIndex.open(Path.of("banking-index"))) {
 *   index.metadata().requireSameModel(encoder.fingerprint(), encoder.modelName(), dir);
 *   for (Hit h : index.search(encoder.encode(List.of("card lost")).get(0), 5)) {
 *     System.out.println(index.text(h.row()) + " " + index.label(h.row()) + " " + h.score());
 *   }
 * }
 * }</pre>
 */
public final class VectorIndex implements Closeable {
  /**
   * HNSW candidates per query by default ({@code efSearch}): the graph walk keeps this many, the k
   * best are returned. 100 reaches recall@10 >= 0.95 on BANKING77's sentence vectors (see
   * BENCHMARKS.md).
   */
  public static final int DEFAULT_CANDIDATES = 100;

  private final Path dir;
  private final IndexMetadata metadata;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] labelIds; // per row, -1 without a label
  private final List<String> labels; // distinct, sorted
  private ExactSearch exact;

  private VectorIndex(Path dir, IndexMetadata metadata, DirectoryReader reader) throws IOException {
    this.dir = dir;
    this.metadata = metadata;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.labelIds = new int[reader.maxDoc()];
    Arrays.fill(labelIds, -1);
    this.labels = new ArrayList<>();
    if (reader.leaves().size() == 1) {
      SortedDocValues dv =
          reader.leaves().get(0).reader().getSortedDocValues(VectorIndexWriter.LABEL);
      if (dv != null) {
        for (int ord = 0; ord < dv.getValueCount(); ord++) {
          labels.add(dv.lookupOrd(ord).utf8ToString());
        }
        for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
          labelIds[doc] = dv.ordValue();
        }
      }
    }
  }

  /** Opens {@code dir}; a folder that is not a complete index is a {@link BadInputException}. */
  public static VectorIndex open(Path dir) throws IOException {
    IndexMetadata m = IndexMetadata.read(dir);
    DirectoryReader r;
    try {
      r = DirectoryReader.open(FSDirectory.open(dir));
    } catch (IOException e) {
      throw new BadInputException(dir + ": cannot open the Lucene index: " + e.getMessage(), e);
    }
    if (r.maxDoc() != m.count() || r.leaves().size() != 1) {
      int docs = r.maxDoc();
      int segments = r.leaves().size();
      r.close();
      throw new BadInputException(
          dir
              + ": "
              + IndexMetadata.FILE
              + " says "
              + m.count()
              + " rows but the index holds "
              + docs
              + " in "
              + segments
              + " segments; rebuild it");
    }
    return new VectorIndex(dir, m, r);
  }

  public IndexMetadata metadata() {
    return metadata;
  }

  public Path dir() {
    return dir;
  }

  /** Number of rows. */
  public int size() {
    return reader.maxDoc();
  }

  /** Approximate neighbours through the HNSW graph with {@link #DEFAULT_CANDIDATES}. */
  public Hit[] search(float[] query, int k) throws IOException {
    return search(query, k, DEFAULT_CANDIDATES);
  }

  /**
   * The {@code min(k, n)} approximate nearest rows, best first, exploring {@code max(k,
   * candidates)} candidates in the graph (more: higher recall, slower).
   */
  public Hit[] search(float[] query, int k, int candidates) throws IOException {
    if (query.length != metadata.dimension()) {
      throw new IllegalArgumentException(
          "query of " + query.length + " floats, the index has " + metadata.dimension());
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    int ef = Math.max(k, candidates);
    TopDocs top = searcher.search(new KnnFloatVectorQuery(VectorIndexWriter.VECTOR, query, ef), k);
    VectorSimilarity s = metadata.similarityFunction();
    Hit[] out = new Hit[top.scoreDocs.length];
    for (int i = 0; i < out.length; i++) {
      ScoreDoc d = top.scoreDocs[i];
      out[i] = new Hit(d.doc, s.fromLuceneScore(d.score));
    }
    return out;
  }

  /** {@link #search(float[], int, int)} for many queries, spread over the cores. */
  public Hit[][] searchAll(float[][] queries, int k, int candidates) {
    Hit[][] out = new Hit[queries.length][];
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            q -> {
              try {
                out[q] = search(queries[q], k, candidates);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return out;
  }

  /** Exact search over the index's vectors (read once, kept until {@link #close()}). */
  public synchronized ExactSearch exact() throws IOException {
    if (exact == null) {
      exact = ExactSearch.of(vectors(), metadata.dimension(), metadata.similarityFunction());
    }
    return exact;
  }

  /** All vectors, {@code size() * dimension} floats, row-major, as stored. */
  public float[] vectors() throws IOException {
    int dim = metadata.dimension();
    float[] out = new float[size() * dim];
    LeafReader leaf = reader.leaves().get(0).reader();
    FloatVectorValues values = leaf.getFloatVectorValues(VectorIndexWriter.VECTOR);
    if (values == null) {
      return out;
    }
    for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
      System.arraycopy(values.vectorValue(), 0, out, doc * dim, dim);
    }
    return out;
  }

  /** The text of {@code row}. */
  public String text(int row) throws IOException {
    return storedFields().document(row).get(VectorIndexWriter.TEXT);
  }

  /** The label of {@code row}, or null. */
  public String label(int row) {
    int id = labelIds[row];
    return id < 0 ? null : labels.get(id);
  }

  /** The position of {@code row}'s label in {@link #labels()}, or -1. */
  public int labelId(int row) {
    return labelIds[row];
  }

  /** The distinct labels, sorted (by their UTF-8 bytes). */
  public List<String> labels() {
    return List.copyOf(labels);
  }

  private StoredFields storedFields() throws IOException {
    return reader.storedFields();
  }

  @Override
  public void close() throws IOException {
    try {
      if (exact != null) {
        exact.close();
      }
    } finally {
      reader.close();
    }
  }
}
