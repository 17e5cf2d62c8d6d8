package org.transfer4j.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transfer4j.BadInputException;

/**
 * Parses and validates the JSON header of a safetensors file. Everything a hostile file could use
 * to make the reader crash, allocate without bound or read outside the file is checked here, before
 * any tensor byte is touched: the header is strict UTF-8 JSON (a single object, nesting at most
 * {@value #MAX_DEPTH} deep), every entry has a known dtype, non-negative dims whose product times
 * the element size neither overflows nor disagrees with its byte range, and the byte ranges tile
 * the data section exactly (no overlap, no gap, nothing past the end), as the format requires.
 */
final class SafeTensorsHeader {
  /** The reference implementation refuses headers over 100 MB; so do we. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  /** Rank limit: far above any real checkpoint, low enough to bound the work per entry. */
  static final int MAX_RANK = 64;

  static final int MAX_DEPTH = 16;
  static final String METADATA_KEY = "__metadata__";

  final List<TensorInfo> tensors;
  final Map<String, String> metadata;

  private SafeTensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata) {
    this.tensors = List.copyOf(tensors);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * Parses {@code json} (the header bytes) and checks it against a data section of {@code
   * dataLength} bytes. {@code where} names the file in error messages.
   */
  static SafeTensorsHeader parse(String where, byte[] json, long dataLength) {
    List<TensorInfo> tensors = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    String current = null;
    Reader text =
        new InputStreamReader(
            new ByteArrayInputStream(json),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    try (JsonReader r = new JsonReader(text)) {
      r.setStrictness(Strictness.STRICT);
      r.setNestingLimit(MAX_DEPTH);
      if (r.peek() != JsonToken.BEGIN_OBJECT) {
        throw bad(where, null, "the header is not a JSON object");
      }
      r.beginObject();
      Set<String> seen = new HashSet<>();
      while (r.hasNext()) {
        String key = r.nextName();
        current = key;
        if (!seen.add(key)) {
          throw bad(where, key, "the name appears twice in the header");
        }
        if (key.equals(METADATA_KEY)) {
          readMetadata(where, r, metadata);
        } else {
          tensors.add(readEntry(where, key, r));
        }
        current = null;
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw bad(where, null, "unexpected content after the header object");
      }
    } catch (CharacterCodingException e) {
      throw bad(where, null, "the header is not valid UTF-8");
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // Gson reports malformed JSON as MalformedJsonException (an IOException) or
      // IllegalStateException with the JSON path; too-deep nesting is also a
      // MalformedJsonException.
      throw bad(where, current, "the header is not valid safetensors JSON: " + jsonError(e));
    }
    checkLayout(where, tensors, dataLength);
    return new SafeTensorsHeader(tensors, metadata);
  }

  private static void readMetadata(String where, JsonReader r, Map<String, String> metadata)
      throws IOException {
    if (r.peek() == JsonToken.NULL) {
      r.nextNull();
      return;
    }
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw bad(where, null, METADATA_KEY + " must be an object of string values");
    }
    r.beginObject();
    while (r.hasNext()) {
      String k = r.nextName();
      if (r.peek() != JsonToken.STRING) {
        throw bad(where, null, METADATA_KEY + " entry " + quote(k) + " must be a string");
      }
      if (metadata.put(k, r.nextString()) != null) {
        throw bad(where, null, METADATA_KEY + " entry " + quote(k) + " appears twice");
      }
    }
    r.endObject();
  }

  private static TensorInfo readEntry(String where, String name, JsonReader r) throws IOException {
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw bad(where, name, "expected an object with dtype, shape and data_offsets");
    }
    DType dtype = null;
    long[] shape = null;
    long[] offsets = null;
    r.beginObject();
    while (r.hasNext()) {
      String field = r.nextName();
      switch (field) {
        case "dtype":
          if (dtype != null || r.peek() != JsonToken.STRING) {
            throw bad(where, name, "dtype must be given once, as a string");
          }
          String s = r.nextString();
          try {
            dtype = DType.parse(s);
          } catch (BadInputException e) {
            throw bad(where, name, e.getMessage());
          }
          break;
        case "shape":
          if (shape != null) {
            throw bad(where, name, "shape is given twice");
          }
          shape = readLongs(where, name, r, "shape", MAX_RANK);
          break;
        case "data_offsets":
          if (offsets != null) {
            throw bad(where, name, "data_offsets is given twice");
          }
          offsets = readLongs(where, name, r, "data_offsets", 2);
          if (offsets.length != 2) {
            throw bad(where, name, "data_offsets must be [begin, end]");
          }
          break;
        default:
          skipBounded(r); // unknown fields are ignored, as the reference does
      }
    }
    r.endObject();
    if (dtype == null || shape == null || offsets == null) {
      throw bad(
          where,
          name,
          "missing "
              + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets")
              + " (each tensor needs dtype, shape and data_offsets)");
    }
    return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] readLongs(String where, String name, JsonReader r, String field, int max)
      throws IOException {
    if (r.peek() != JsonToken.BEGIN_ARRAY) {
      throw bad(where, name, field + " must be an array of non-negative integers");
    }
    long[] values = new long[Math.min(max, 8)];
    int n = 0;
    r.beginArray();
    while (r.hasNext()) {
      if (n == max) {
        throw bad(where, name, field + " has more than " + max + " entries");
      }
      if (r.peek() != JsonToken.NUMBER) {
        throw bad(where, name, field + " must be an array of non-negative integers");
      }
      // The literal itself, so that 1.0 or 1e3 are refused as the reference refuses them.
      String literal = r.nextString();
      long v;
      try {
        v = Long.parseLong(literal);
      } catch (NumberFormatException e) {
        throw bad(
            where, name, field + " holds " + quote(literal) + ": not an integer, or too large");
      }
      if (v < 0) {
        throw bad(where, name, field + " holds a negative value " + v);
      }
      if (n == values.length) {
        values = Arrays.copyOf(values, Math.min(max, n * 2));
      }
      values[n++] = v;
    }
    r.endArray();
    return Arrays.copyOf(values, n);
  }

  /** Skips one value without recursion; the reader's nesting limit bounds the depth. */
  private static void skipBounded(JsonReader r) throws IOException {
    int depth = 0;
    do {
      switch (r.peek()) {
        case BEGIN_ARRAY:
          r.beginArray();
          depth++;
          break;
        case BEGIN_OBJECT:
          r.beginObject();
          depth++;
          break;
        case END_ARRAY:
          r.endArray();
          depth--;
          break;
        case END_OBJECT:
          r.endObject();
          depth--;
          break;
        case NAME:
          r.nextName();
          break;
        default:
          r.skipValue();
      }
    } while (depth > 0);
  }

  /** Checks sizes against shapes and that the byte ranges tile {@code [0, dataLength)}. */
  private static void checkLayout(String where, List<TensorInfo> tensors, long dataLength) {
    for (TensorInfo t : tensors) {
      long numel = 1;
      long bytes;
      try {
        for (long d : t.shape()) {
          numel = Math.multiplyExact(numel, d);
        }
        bytes = Math.multiplyExact(numel, (long) t.dtype().byteSize());
      } catch (ArithmeticException e) {
        throw bad(where, t.name(), "shape " + Arrays.toString(t.shape()) + " overflows");
      }
      if (t.begin() > t.end()) {
        throw bad(
            where,
            t.name(),
            "data_offsets [" + t.begin() + ", " + t.end() + "] end before they begin");
      }
      if (t.end() > dataLength) {
        throw bad(
            where,
            t.name(),
            "data_offsets ["
                + t.begin()
                + ", "
                + t.end()
                + "] reach past the data section ("
                + dataLength
                + " bytes): the file is truncated or the header is corrupt");
      }
      if (t.end() - t.begin() != bytes) {
        throw bad(
            where,
            t.name(),
            t.dtype()
                + " shape "
                + Arrays.toString(t.shape())
                + " needs "
                + bytes
                + " bytes but data_offsets ["
                + t.begin()
                + ", "
                + t.end()
                + "] span "
                + (t.end() - t.begin()));
      }
    }
    List<TensorInfo> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expected = 0;
    TensorInfo previous = null;
    for (TensorInfo t : byOffset) {
      if (t.begin() < expected) {
        throw bad(
            where,
            t.name(),
            "data_offsets ["
                + t.begin()
                + ", "
                + t.end()
                + "] overlap tensor "
                + quote(previous.name())
                + " ["
                + previous.begin()
                + ", "
                + previous.end()
                + "]");
      }
      if (t.begin() > expected) {
        throw bad(
            where,
            t.name(),
            "data_offsets begin at "
                + t.begin()
                + " but the previous tensor ends at "
                + expected
                + ": the data section has a gap");
      }
      expected = t.end();
      previous = t;
    }
    if (expected != dataLength) {
      throw bad(
          where,
          null,
          "the tensors cover "
              + expected
              + " bytes but the data section has "
              + dataLength
              + ": the file has trailing bytes or was appended to");
    }
  }

  static BadInputException bad(String where, String tensor, String what) {
    return new BadInputException(
        "safetensors file "
            + where
            + (tensor != null ? ", tensor " + quote(tensor) : "")
            + ": "
            + what);
  }

  /**
   * A name quoted for a one-line message: control characters escaped, at most 200 characters (a
   * hostile header may hold megabyte names or newlines).
   */
  static String quote(String name) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < name.length() && i < 200; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (name.length() > 200) {
      b.append("...(").append(name.length()).append(" chars)");
    }
    return b.append('\'').toString();
  }

  /** Gson's message on one line, without its advice to parse leniently. */
  static String jsonError(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    return m.replaceFirst("^Use JsonReader\\.set\\w+\\([^)]*\\) to accept ", "");
  }
}
