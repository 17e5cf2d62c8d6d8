package org.transfer4j.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only little-endian file of int32 or int64 values, memory-mapped in segments so files
 * larger than 2 GiB (the limit of one {@link MappedByteBuffer}) work. Pages come from the OS page
 * cache on demand, so the Java heap does not grow with the file.
 */
final class MappedArray {
  /** Default segment: 1 GiB, a multiple of 8 so no value straddles two segments. */
  static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

  private final int elementBytes;
  private final long length;
  private final long perSegment;
  private final IntBuffer[] ints;
  private final LongBuffer[] longs;

  private MappedArray(Path file, int elementBytes, long segmentBytes) throws IOException {
    if (segmentBytes % 8 != 0 || segmentBytes <= 0) {
      throw new IllegalArgumentException("segment size must be a positive multiple of 8");
    }
    this.elementBytes = elementBytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % elementBytes != 0) {
        throw new org.transfer4j.BadInputException(
            "token cache file "
                + file
                + " has "
                + size
                + " bytes, not a multiple of "
                + elementBytes
                + ": it is truncated; delete the cache folder to rebuild it");
      }
      this.length = size / elementBytes;
      this.perSegment = segmentBytes / elementBytes;
      int n = (int) ((length + perSegment - 1) / perSegment);
      ints = elementBytes == 4 ? new IntBuffer[n] : null;
      longs = elementBytes == 8 ? new LongBuffer[n] : null;
      for (int s = 0; s < n; s++) {
        long start = s * segmentBytes;
        long bytes = Math.min(segmentBytes, size - start);
        MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, start, bytes);
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (ints != null) {
          ints[s] = b.asIntBuffer();
        } else {
          longs[s] = b.asLongBuffer();
        }
      }
    }
  }

  static MappedArray ints(Path file, long segmentBytes) throws IOException {
    return new MappedArray(file, 4, segmentBytes);
  }

  static MappedArray longs(Path file, long segmentBytes) throws IOException {
    return new MappedArray(file, 8, segmentBytes);
  }

  /** The number of values. */
  long length() {
    return length;
  }

  long getLong(long index) {
    check(index, 1);
    return longs[(int) (index / perSegment)].get((int) (index % perSegment));
  }

  int getInt(long index) {
    check(index, 1);
    return ints[(int) (index / perSegment)].get((int) (index % perSegment));
  }

  /** Copies {@code len} int32 values starting at {@code index} into {@code dst[off..]}. */
  void getInts(long index, int[] dst, int off, int len) {
    check(index, len);
    while (len > 0) {
      int seg = (int) (index / perSegment);
      int pos = (int) (index % perSegment);
      int n = (int) Math.min(len, perSegment - pos);
      ints[seg].get(pos, dst, off, n);
      index += n;
      off += n;
      len -= n;
    }
  }

  private void check(long index, int len) {
    if (index < 0 || len < 0 || index + len > length) {
      throw new IndexOutOfBoundsException(
          "range [" + index + ", " + (index + len) + ") outside [0, " + length + ")");
    }
  }

  int elementBytes() {
    return elementBytes;
  }
}
