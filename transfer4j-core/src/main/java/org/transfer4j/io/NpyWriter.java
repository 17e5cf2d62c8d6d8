package org.transfer4j.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Streams a float32 matrix {@code [rows, columns]} into a NumPy {@code .npy} file (format 1.0:
 * magic {@code \x93NUMPY}, version, a little-endian header length, a Python dict literal header
 * padded with spaces to a multiple of 64 bytes, then the C-order data), readable with {@code
 * numpy.load}. Written by hand because the format is a few lines and no maintained Java library
 * streams it; the row count is unknown until the end, so a fixed-size header is reserved and
 * rewritten on {@link #close()}.
 *
 * <pre>{@code
 * try (NpyWriter w = NpyWriter.create(tmp, 384)) {
 *   w.write(vector);
 * }
 * }</pre>
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">NPY
 *     format</a>
 */
public final class NpyWriter implements Closeable {
  /** Magic, version, header length and dict: room for any 64-bit row count. */
  static final int HEADER_BYTES = 128;

  private final Path file;
  private final int columns;
  private final OutputStream out;
  private final ByteBuffer row;
  private long rows;
  private boolean closed;

  private NpyWriter(Path file, int columns) throws IOException {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1, got " + columns);
    }
    this.file = file;
    this.columns = columns;
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    this.row = ByteBuffer.allocate(4 * columns).order(ByteOrder.LITTLE_ENDIAN);
    out.write(header(0, columns));
  }

  /** Creates (or truncates) {@code file} for rows of {@code columns} floats. */
  public static NpyWriter create(Path file, int columns) throws IOException {
    return new NpyWriter(file, columns);
  }

  /** Appends one row. */
  public void write(float[] values) throws IOException {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          "row " + rows + " has " + values.length + " values; the array has " + columns);
    }
    row.clear();
    row.asFloatBuffer().put(values);
    out.write(row.array());
    rows++;
  }

  public long rows() {
    return rows;
  }

  /** Flushes the data and writes the final row count into the header. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(header(rows, columns));
    }
  }

  /** The {@value #HEADER_BYTES}-byte header of a {@code <f4} C-order array {@code (rows, cols)}. */
  static byte[] header(long rows, int cols) {
    String dict =
        String.format(
            Locale.ROOT,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
            rows,
            cols);
    int prefix = 10; // magic (6) + version (2) + header length (2)
    StringBuilder h = new StringBuilder(dict);
    while (prefix + h.length() + 1 < HEADER_BYTES) {
      h.append(' ');
    }
    h.append('\n');
    byte[] text = h.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
    b.put((byte) 1).put((byte) 0);
    b.putShort((short) text.length);
    b.put(text);
    return b.array();
  }
}
