package org.transfer4j.tokenize.word;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;

/**
 * A word-level vocabulary: {@code <pad>} is id 0, {@code <unk>} id 1, then the words by decreasing
 * frequency (ties in string order). Saved as text, one token per line, the line number is the id.
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.build(texts, WordTokenizer.wordPunct(), 2, 20_000);
 * int[] ids = v.encode(WordTokenizer.wordPunct().tokenize("my card is lost"));
 * v.save(Path.of("vocab.txt"));
 * }</pre>
 */
public final class Vocabulary {
  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";
  public static final int PAD_ID = 0;
  public static final int UNK_ID = 1;

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (ids.putIfAbsent(t, i) != null) {
        throw new IllegalArgumentException(
            "duplicate token '" + t + "' at ids " + ids.get(t) + " and " + i);
      }
      if (t.isEmpty() || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "token " + i + " is empty or holds a line break, which the text format cannot store");
      }
    }
    if (tokens.size() < 2 || !tokens.get(PAD_ID).equals(PAD) || !tokens.get(UNK_ID).equals(UNK)) {
      throw new IllegalArgumentException("a vocabulary starts with " + PAD + " and " + UNK);
    }
  }

  /**
   * The words seen at least {@code minFrequency} times, the most frequent first, at most {@code
   * maxSize} tokens in all ({@code <pad>} and {@code <unk>} included).
   */
  public static Vocabulary build(Map<String, Long> counts, long minFrequency, int maxSize) {
    if (maxSize < 2) {
      throw new IllegalArgumentException(
          "max vocabulary size must be at least 2 (<pad> and <unk>), got " + maxSize);
    }
    List<Map.Entry<String, Long>> words = new ArrayList<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getValue() >= minFrequency && !e.getKey().equals(PAD) && !e.getKey().equals(UNK)) {
        words.add(e);
      }
    }
    words.sort(
        (x, y) ->
            !x.getValue().equals(y.getValue())
                ? Long.compare(y.getValue(), x.getValue())
                : x.getKey().compareTo(y.getKey()));
    List<String> tokens = new ArrayList<>();
    tokens.add(PAD);
    tokens.add(UNK);
    for (int i = 0; i < words.size() && tokens.size() < maxSize; i++) {
      tokens.add(words.get(i).getKey());
    }
    return new Vocabulary(tokens);
  }

  /**
   * Counts the words of {@code texts} and builds the vocabulary of {@link #build(Map, long, int)}.
   */
  public static Vocabulary build(
      Iterable<String> texts, WordTokenizer tokenizer, long minFrequency, int maxSize) {
    return build(count(texts, tokenizer), minFrequency, maxSize);
  }

  /** Word frequencies of {@code texts}. */
  public static Map<String, Long> count(Iterable<String> texts, WordTokenizer tokenizer) {
    Map<String, Long> counts = new HashMap<>();
    for (String text : texts) {
      for (String w : tokenizer.tokenize(text)) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    return counts;
  }

  /**
   * A vocabulary of exactly these tokens; the first two must be {@code <pad>} and {@code <unk>}.
   */
  public static Vocabulary of(List<String> tokens) {
    return new Vocabulary(tokens);
  }

  public int size() {
    return tokens.size();
  }

  /** The id of {@code token}, {@link #UNK_ID} when it is not in the vocabulary. */
  public int id(String token) {
    return ids.getOrDefault(token, UNK_ID);
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  public String token(int id) {
    return tokens.get(id);
  }

  /** The tokens in id order. */
  public List<String> tokens() {
    return Collections.unmodifiableList(tokens);
  }

  public int[] encode(List<String> words) {
    int[] out = new int[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(words.get(i));
    }
    return out;
  }

  /** Writes one token per line (UTF-8) to a temp file, then moves it to {@code file}. */
  public void save(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = org.transfer4j.io.AtomicFiles.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String t : tokens) {
          w.write(t);
          w.write('\n');
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a file written by {@link #save}.
   *
   * @throws BadInputException naming the file and line of an empty or duplicate token, or when the
   *     first two lines are not {@code <pad>} and {@code <unk>}
   */
  public static Vocabulary load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i);
      if (t.isEmpty()) {
        throw new BadInputException(
            "vocabulary " + file + " line " + (i + 1) + " is empty; one token per line");
      }
      Integer prev = seen.putIfAbsent(t, i);
      if (prev != null) {
        throw new BadInputException(
            "vocabulary "
                + file
                + " line "
                + (i + 1)
                + ": token '"
                + t
                + "' repeats line "
                + (prev + 1)
                + "; remove the duplicate");
      }
    }
    if (lines.size() < 2 || !lines.get(0).equals(PAD) || !lines.get(1).equals(UNK)) {
      throw new BadInputException(
          "vocabulary "
              + file
              + " must start with the lines "
              + PAD
              + " and "
              + UNK
              + " (ids 0 and 1)");
    }
    return new Vocabulary(lines);
  }
}
