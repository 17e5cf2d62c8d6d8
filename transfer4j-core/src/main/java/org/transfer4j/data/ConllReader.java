package org.transfer4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.BadInputException;

/**
 * Reads CoNLL-style tagging files (CoNLL-2003 NER and alike): one token per line, columns separated
 * by whitespace, the word in column 0 and the tag in a chosen column (default the last), blank
 * lines between sentences, {@code -DOCSTART-} lines skipped. Every token line must have the same
 * number of columns as the first one.
 *
 * <pre>{@code
 * List<TaggedSentence> train = ConllReader.read(Path.of("train.conll"), ConllReader.LAST_COLUMN);
 * }</pre>
 */
public final class ConllReader {
  /** Take the tag from the last column. */
  public static final int LAST_COLUMN = -1;

  private ConllReader() {}

  /**
   * Reads {@code file}.
   *
   * @param tagColumn 0-based tag column, or {@link #LAST_COLUMN}
   */
  public static List<TaggedSentence> read(Path file, int tagColumn) throws IOException {
    ClassificationReader.requireFile(file);
    List<TaggedSentence> out = new ArrayList<>();
    List<String> words = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    String start = null;
    int columns = -1;
    int columnsLine = 0;
    int tag = -1;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("-DOCSTART-")) {
          if (!words.isEmpty()) {
            out.add(new TaggedSentence(words, tags, start));
            words.clear();
            tags.clear();
          }
          continue;
        }
        String[] cols = s.split("\\s+");
        if (columns < 0) {
          columns = cols.length;
          columnsLine = n;
          tag = tagColumn == LAST_COLUMN ? columns - 1 : tagColumn;
          if (columns < 2) {
            throw new BadInputException(
                file + ":" + n + ": one column; CoNLL lines need the word and a tag column");
          }
          if (tag <= 0 || tag >= columns) {
            throw new BadInputException(
                file
                    + ": tag column "
                    + tagColumn
                    + " is outside the "
                    + columns
                    + " columns (0 is the word); choose 1.."
                    + (columns - 1)
                    + " or -1 for the last");
          }
        } else if (cols.length != columns) {
          throw new BadInputException(
              file
                  + ":"
                  + n
                  + ": "
                  + cols.length
                  + " columns, expected "
                  + columns
                  + " as on line "
                  + columnsLine
                  + " (one token per line: word ... tag; a blank line between sentences)");
        }
        if (words.isEmpty()) {
          start = file + ":" + n;
        }
        words.add(cols[0]);
        tags.add(cols[tag]);
      }
    }
    if (!words.isEmpty()) {
      out.add(new TaggedSentence(words, tags, start));
    }
    if (out.isEmpty()) {
      throw new BadInputException(file + ": no sentences (empty file or only -DOCSTART- lines)");
    }
    return out;
  }
}
