package org.transfer4j.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Tagging schemes for chunks (named entities, phrases): how a tag sequence marks where chunks begin
 * and end. Tags are {@code PREFIX-TYPE} (split at the first hyphen, so types may contain hyphens)
 * or {@code O} for outside.
 *
 * <ul>
 *   <li>{@link #IO}: {@code I-TYPE} or a bare {@code TYPE}; adjacent tokens of the same type form
 *       one chunk.
 *   <li>{@link #IOB1} (Ramshaw and Marcus 1995, CoNLL-2003 files): {@code I-} inside; {@code B-}
 *       only to start a chunk that directly follows a chunk of the same type.
 *   <li>{@link #IOB2} (Tjong Kim Sang and Veenstra 1999): every chunk starts with {@code B-}.
 *   <li>{@link #IOBES} (a.k.a. BIOES/BILOU): {@code B-} begin, {@code I-} inside, {@code E-} end,
 *       {@code S-} single-token chunk.
 * </ul>
 *
 * <p>Chunks are read with conlleval's rules ({@link ChunkRules}), so a predicted sequence that
 * breaks its scheme (an {@code I-} after {@code O} in IOB2) is read the way conlleval reads it.
 *
 * <pre>{@code
 * List<String> iob2 = TagScheme.convert(tags, TagScheme.IOB1, TagScheme.IOB2);
 * List<Span> entities = TagScheme.IOB2.spans(iob2);
 * }</pre>
 */
public enum TagScheme {
  IO("I"),
  IOB1("BI"),
  IOB2("BI"),
  IOBES("BIES");

  private final String prefixes;

  TagScheme(String prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * A tag split into its chunk prefix ({@code B}, {@code I}, {@code E}, {@code S}, {@code O}) and
   * type.
   */
  public record Tag(String prefix, String type) {
    static final Tag OUTSIDE = new Tag("O", "");
  }

  /** The scheme named {@code name} (case-insensitive: {@code iob2}, {@code IOBES}, ...). */
  public static TagScheme parse(String name) {
    for (TagScheme s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown tag scheme '" + name + "'; expected one of io, iob1, iob2, iobes");
  }

  /**
   * Splits a tag, checking it belongs to this scheme; throws {@link IllegalArgumentException}
   * naming the tag otherwise (the caller adds file and line).
   */
  public Tag parseTag(String tag) {
    if (tag.equals("O")) {
      return Tag.OUTSIDE;
    }
    int dash = tag.indexOf('-');
    if (dash < 0) {
      if (this == IO) {
        return new Tag("I", tag); // bare type
      }
      if (tag.length() == 1 && prefixes.indexOf(tag.charAt(0)) >= 0) {
        return new Tag(tag, ""); // untyped chunk tag, as conlleval reads a bare B or I
      }
      throw new IllegalArgumentException(
          "tag '"
              + tag
              + "' has no "
              + prefixList()
              + " prefix; tags are PREFIX-TYPE, a bare prefix or O (use --scheme io for bare types)");
    }
    String prefix = tag.substring(0, dash);
    String type = tag.substring(dash + 1);
    if (prefix.length() != 1 || prefixes.indexOf(prefix.charAt(0)) < 0) {
      throw new IllegalArgumentException(
          "tag '"
              + tag
              + "' is not valid in scheme "
              + this
              + " (prefixes "
              + prefixList()
              + ")"
              + (prefix.equals("E") || prefix.equals("S") ? "; use --scheme iobes" : ""));
    }
    return new Tag(prefix, type);
  }

  /** The chunks of {@code tags}, read with conlleval's start/end rules. */
  public List<Span> spans(List<String> tags) {
    List<Span> out = new ArrayList<>();
    Tag prev = Tag.OUTSIDE;
    int start = -1;
    for (int i = 0; i <= tags.size(); i++) {
      Tag cur = i < tags.size() ? parseTag(tags.get(i)) : Tag.OUTSIDE; // sentence end closes
      if (start >= 0 && ChunkRules.endOfChunk(prev, cur)) {
        out.add(new Span(start, i, prev.type()));
        start = -1;
      }
      if (ChunkRules.startOfChunk(prev, cur)) {
        start = i;
      }
      prev = cur;
    }
    return out;
  }

  /** Tags in this scheme for {@code spans} over {@code length} tokens (spans must not overlap). */
  public List<String> encode(List<Span> spans, int length) {
    List<String> tags = new ArrayList<>(Collections.nCopies(length, "O"));
    Span prev = null;
    for (Span s : spans) {
      if (s.end() > length || (prev != null && s.start() < prev.end())) {
        throw new IllegalArgumentException("span " + s + " overlaps or exceeds " + length);
      }
      String t = s.type().isEmpty() ? "" : "-" + s.type();
      boolean adjacentSameType =
          prev != null && prev.end() == s.start() && prev.type().equals(s.type());
      for (int i = s.start(); i < s.end(); i++) {
        String p =
            switch (this) {
              case IO -> "I";
              case IOB1 -> i == s.start() && adjacentSameType ? "B" : "I";
              case IOB2 -> i == s.start() ? "B" : "I";
              case IOBES ->
                  s.length() == 1 ? "S" : i == s.start() ? "B" : i == s.end() - 1 ? "E" : "I";
            };
        tags.set(i, p + t);
      }
      prev = s;
    }
    return tags;
  }

  /**
   * Re-tags a sentence from one scheme to another by reading its chunks and writing them again.
   * Converting to {@link #IO} merges adjacent chunks of the same type (IO cannot separate them).
   */
  public static List<String> convert(List<String> tags, TagScheme from, TagScheme to) {
    return to.encode(from.spans(tags), tags.size());
  }

  private String prefixList() {
    StringBuilder sb = new StringBuilder();
    for (char c : prefixes.toCharArray()) {
      sb.append(sb.length() == 0 ? "" : "/").append(c).append('-');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
