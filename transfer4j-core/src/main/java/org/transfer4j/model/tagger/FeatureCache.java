package org.transfer4j.model.tagger;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.transfer4j.io.AtomicFiles;

/**
 * A frozen encoder's word features computed once per sentence, kept in a memory-mapped file so that
 * later epochs cost only the tagger (and the heap does not grow with the data). The file (float32,
 * little-endian, one sentence after another) is written to a temporary file and moved into place;
 * it is mapped in segments of at most 1 GiB that start at sentence boundaries, so files over 2 GiB
 * work. Sentences are found by their words.
 *
 * <pre>{@code
 * FeatureCache cache = FeatureCache.build(dir.resolve("features.f32"), sentences, enc, 32, n -> {});
 * float[] f = cache.get(List.of("EU", "rejects")); // (words, layers, dim), or null when absent
 * }</pre>
 */
public final class FeatureCache {
  static final long SEGMENT_BYTES = 1L << 30;

  private final Map<String, long[]> index; // key -> {segment, float offset in segment, floats}
  private final List<FloatBuffer> segments;

  private FeatureCache(Map<String, long[]> index, List<FloatBuffer> segments) {
    this.index = index;
    this.segments = segments;
  }

  /**
   * Computes the features of every distinct sentence in batches and maps the file; {@code progress}
   * gets the number of sentences done.
   */
  public static FeatureCache build(
      Path file,
      List<List<String>> sentences,
      ContextualEncoder encoder,
      int batchSize,
      IntConsumer progress)
      throws IOException {
    Map<String, long[]> index = new HashMap<>();
    List<List<String>> distinct = new ArrayList<>();
    for (List<String> s : sentences) {
      if (!index.containsKey(key(s))) {
        index.put(key(s), null);
        distinct.add(s);
      }
    }
    List<long[]> bounds = new ArrayList<>(); // {start byte, length bytes} per segment
    AtomicFiles.write(
        file,
        tmp -> {
          tmp.toFile().deleteOnExit(); // an interrupted run leaves no gigabytes behind
          try (OutputStream os = Files.newOutputStream(tmp);
              DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            long segStart = 0;
            long pos = 0;
            for (int s = 0; s < distinct.size(); s += batchSize) {
              List<List<String>> batch =
                  distinct.subList(s, Math.min(distinct.size(), s + batchSize));
              float[][] f = encoder.features(batch);
              for (int i = 0; i < f.length; i++) {
                long bytes = 4L * f[i].length;
                if (pos - segStart + bytes > SEGMENT_BYTES && pos > segStart) {
                  bounds.add(new long[] {segStart, pos - segStart});
                  segStart = pos;
                }
                index.put(
                    key(batch.get(i)),
                    new long[] {bounds.size(), (pos - segStart) / 4, f[i].length});
                for (float v : f[i]) {
                  out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v))); // little-endian
                }
                pos += bytes;
              }
              progress.accept(Math.min(distinct.size(), s + batchSize));
            }
            bounds.add(new long[] {segStart, pos - segStart});
          }
        });
    file.toFile().deleteOnExit(); // a training artifact: it lives as long as this JVM at most
    List<FloatBuffer> segments = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long[] b : bounds) {
        segments.add(
            ch.map(FileChannel.MapMode.READ_ONLY, b[0], b[1])
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer());
      }
    }
    return new FeatureCache(index, segments);
  }

  /** A sentence's features {@code (words, layers, dim)}, or null when it was not cached. */
  public float[] get(List<String> words) {
    long[] at = index.get(key(words));
    if (at == null) {
      return null;
    }
    float[] out = new float[(int) at[2]];
    segments.get((int) at[0]).get((int) at[1], out);
    return out;
  }

  /** Distinct sentences held. */
  public int size() {
    return index.size();
  }

  private static String key(List<String> words) {
    StringBuilder s = new StringBuilder();
    for (String w : words) {
      s.append(w == null ? "\u0000" : w).append('\u0001');
    }
    return s.toString();
  }
}
