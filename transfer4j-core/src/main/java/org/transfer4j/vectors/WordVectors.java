package org.transfer4j.vectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A table of word vectors: row 0 is a zero padding vector, rows 1..n the file's words in file
 * order. Similarities are cosines over a row-normalised copy made on first use, as gensim's {@code
 * most_similar}.
 *
 * <pre>{@code
 * WordVectors v = WordVectors.read(Path.of("vectors.vec"), new VectorsOptions(100_000, false));
 * float[] king = v.vector("king");                       // null when unknown
 * List<WordVectors.Neighbour> near = v.nearest("king", 5);
 * List<WordVectors.Neighbour> queen = v.analogy("man", "king", "woman", 1); // man : king :: woman : ?
 * }</pre>
 */
public final class WordVectors {
  /** A word and its cosine similarity to the query. */
  public record Neighbour(String word, float cosine) {}

  private final String[] words;
  private final float[] data;
  private final int dim;
  private final Map<String, Integer> index;
  private final long duplicates;
  private float[] normalised;

  WordVectors(String[] words, float[] data, int dim, Map<String, Integer> index, long duplicates) {
    this.words = words;
    this.data = data;
    this.dim = dim;
    this.index = index;
    this.duplicates = duplicates;
  }

  /** Reads a file; see {@link VectorsReader}. */
  public static WordVectors read(Path file, VectorsOptions options) throws IOException {
    return VectorsReader.read(file, options);
  }

  /** A table from words and their vectors (row-major, {@code words.size() * dim}). */
  public static WordVectors of(List<String> words, float[] vectors, int dim) {
    if (vectors.length != words.size() * dim) {
      throw new IllegalArgumentException("need " + words.size() * dim + " numbers");
    }
    String[] w = new String[words.size() + 1];
    float[] d = new float[(words.size() + 1) * dim];
    System.arraycopy(vectors, 0, d, dim, vectors.length);
    Map<String, Integer> idx = new java.util.HashMap<>();
    w[0] = "";
    for (int i = 0; i < words.size(); i++) {
      w[i + 1] = words.get(i);
      if (idx.putIfAbsent(words.get(i), i + 1) != null) {
        throw new IllegalArgumentException("duplicate word " + words.get(i));
      }
    }
    return new WordVectors(w, d, dim, idx, 0);
  }

  /** The vector dimension. */
  public int dim() {
    return dim;
  }

  /** Number of words (the padding row not counted). */
  public int size() {
    return words.length - 1;
  }

  /** Words dropped because an earlier line had the same word (after lowercasing). */
  public long duplicates() {
    return duplicates;
  }

  /** The row of a word (1..size), or -1. */
  public int indexOf(String word) {
    Integer i = index.get(word);
    return i == null ? -1 : i;
  }

  /** The word of a row; row 0 (padding) is the empty string. */
  public String word(int row) {
    return words[row];
  }

  public boolean contains(String word) {
    return index.containsKey(word);
  }

  /** A copy of the word's vector, or null when unknown. */
  public float[] vector(String word) {
    int i = indexOf(word);
    if (i < 0) {
      return null;
    }
    float[] v = new float[dim];
    System.arraycopy(data, i * dim, v, 0, dim);
    return v;
  }

  /** Copies row {@code row} into {@code out} at {@code offset}. */
  public void copyRow(int row, float[] out, int offset) {
    System.arraycopy(data, row * dim, out, offset, dim);
  }

  /** The {@code k} words closest to {@code word} by cosine, the word itself excluded. */
  public List<Neighbour> nearest(String word, int k) {
    int i = require(word);
    float[] n = normalised();
    float[] q = new float[dim];
    System.arraycopy(n, i * dim, q, 0, dim);
    return top(q, k, Set.of(i));
  }

  /**
   * {@code a : b :: c : ?}, the words closest to {@code b - a + c} over unit vectors (Mikolov et
   * al., 2013, 3CosAdd as gensim's {@code most_similar(positive=[b, c], negative=[a])}), the three
   * query words excluded.
   */
  public List<Neighbour> analogy(String a, String b, String c, int k) {
    int ia = require(a);
    int ib = require(b);
    int ic = require(c);
    float[] n = normalised();
    float[] q = new float[dim];
    for (int d = 0; d < dim; d++) {
      q[d] = n[ib * dim + d] - n[ia * dim + d] + n[ic * dim + d];
    }
    normalise(q, 0);
    return top(q, k, Set.of(ia, ib, ic));
  }

  private int require(String word) {
    int i = indexOf(word);
    if (i < 0) {
      throw new org.transfer4j.BadInputException(
          "'" + word + "' is not in the vectors (" + size() + " words); check its case");
    }
    return i;
  }

  private List<Neighbour> top(float[] q, int k, Set<Integer> exclude) {
    if (k <= 0) {
      throw new org.transfer4j.BadInputException("k must be positive, got " + k);
    }
    float[] n = normalised();
    PriorityQueue<Neighbour> heap =
        new PriorityQueue<>((x, y) -> Float.compare(x.cosine(), y.cosine()));
    for (int r = 1; r < words.length; r++) {
      if (exclude.contains(r)) {
        continue;
      }
      float s = 0;
      int off = r * dim;
      for (int d = 0; d < dim; d++) {
        s += q[d] * n[off + d];
      }
      if (heap.size() < k) {
        heap.add(new Neighbour(words[r], s));
      } else if (s > heap.peek().cosine()) {
        heap.poll();
        heap.add(new Neighbour(words[r], s));
      }
    }
    List<Neighbour> out = new ArrayList<>(heap);
    out.sort(Collections.reverseOrder((x, y) -> Float.compare(x.cosine(), y.cosine())));
    return out;
  }

  private synchronized float[] normalised() {
    if (normalised == null) {
      float[] n = data.clone();
      for (int r = 0; r < words.length; r++) {
        normalise(n, r * dim);
      }
      normalised = n;
    }
    return normalised;
  }

  private void normalise(float[] v, int off) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      s += (double) v[off + d] * v[off + d];
    }
    if (s > 0) {
      float inv = (float) (1 / Math.sqrt(s));
      for (int d = 0; d < dim; d++) {
        v[off + d] *= inv;
      }
    }
  }
}
