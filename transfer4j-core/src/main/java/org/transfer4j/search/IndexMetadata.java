package org.transfer4j.search;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.io.AtomicFiles;

/**
 * The {@code metadata.json} of a vector index: which model made the vectors (so that a query
 * encoded by another model is refused, not silently compared), their shape, where the texts and
 * labels came from, and the HNSW graph's parameters.
 *
 * <pre>{@code
 * IndexMetadata m = IndexMetadata.read(Path.of("banking-index"));
 * System.out.println(m.model() + " " + m.count() + " x " + m.dimension());
 * }</pre>
 *
 * @param format always {@link #FORMAT}
 * @param version layout version, {@link #VERSION}
 * @param model the model name or folder the index was built with, as given
 * @param fingerprint the encoder's fingerprint (weights, config, tokenizer, pooling)
 * @param pooling sentence pooling ({@code mean}, {@code cls}, {@code max})
 * @param normalize whether the vectors were normalised to unit length
 * @param dimension vector size
 * @param count number of vectors (rows)
 * @param similarity {@code cosine} or {@code dot_product} (see {@link VectorSimilarity})
 * @param textColumn the input column the texts came from (null for plain text lines)
 * @param labelColumn the input column of the labels, or null when the index has none
 * @param hnswM Lucene's {@code maxConn}: neighbours kept per node
 * @param hnswBeamWidth Lucene's {@code beamWidth}: candidates considered when inserting a node
 * @param created when the index was built (ISO-8601, UTC)
 */
public record IndexMetadata(
    String format,
    int version,
    String model,
    String fingerprint,
    String pooling,
    boolean normalize,
    int dimension,
    long count,
    String similarity,
    String textColumn,
    String labelColumn,
    int hnswM,
    int hnswBeamWidth,
    String created) {
  public static final String FORMAT = "transfer4j-vector-index";
  public static final int VERSION = 1;

  /** The file name inside the index folder. */
  public static final String FILE = "metadata.json";

  public IndexMetadata {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    VectorSimilarity.fromId(similarity);
  }

  /** The similarity as an enum. */
  public VectorSimilarity similarityFunction() {
    return VectorSimilarity.fromId(similarity);
  }

  /** The same metadata with {@code count} set (known when the build finishes). */
  public IndexMetadata withCount(long n) {
    return new IndexMetadata(
        format,
        version,
        model,
        fingerprint,
        pooling,
        normalize,
        dimension,
        n,
        similarity,
        textColumn,
        labelColumn,
        hnswM,
        hnswBeamWidth,
        created);
  }

  /**
   * Refuses vectors from another encoder: a different fingerprint means the query and the index
   * live in different vector spaces, and every score would be meaningless.
   *
   * @param fingerprint the query encoder's fingerprint
   * @param modelName the query encoder's name, for the message
   */
  public void requireSameModel(String fingerprint, String modelName, Path index) {
    if (!this.fingerprint.equals(fingerprint)) {
      throw new BadInputException(
          index
              + ": the index was built with model '"
              + model
              + "' (fingerprint "
              + this.fingerprint
              + ", pooling "
              + pooling
              + ", normalize "
              + normalize
              + ") but the query model '"
              + modelName
              + "' has fingerprint "
              + fingerprint
              + "; query with the index's model or rebuild the index with this one");
    }
  }

  /** Writes {@code dir/metadata.json} atomically. */
  public void write(Path dir) throws IOException {
    Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
    AtomicFiles.writeString(dir.resolve(FILE), gson.toJson(this) + "\n");
  }

  /** Reads {@code dir/metadata.json}; a missing or foreign file is a {@link BadInputException}. */
  public static IndexMetadata read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new BadInputException(
          dir + ": not a vector index (no " + FILE + "); build one with 'transfer4j index build'");
    }
    IndexMetadata m;
    try {
      m = new Gson().fromJson(Files.readString(f, StandardCharsets.UTF_8), IndexMetadata.class);
    } catch (RuntimeException e) {
      // Gson wraps what the compact constructor rejects (a missing dimension, a foreign file).
      throw new BadInputException(
          f + ": not a valid transfer4j index metadata file (" + rootMessage(e) + "); rebuild it",
          e);
    }
    if (m == null || !FORMAT.equals(m.format())) {
      throw new BadInputException(
          f + ": not a transfer4j vector index (format is not " + FORMAT + ")");
    }
    if (m.version() != VERSION) {
      throw new BadInputException(
          f
              + ": index layout version "
              + m.version()
              + ", this build reads "
              + VERSION
              + "; rebuild it");
    }
    if (m.fingerprint() == null || m.model() == null) {
      throw new BadInputException(f + ": model or fingerprint is missing");
    }
    return m;
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
