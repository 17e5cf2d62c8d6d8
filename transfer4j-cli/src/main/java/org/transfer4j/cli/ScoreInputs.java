package org.transfer4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.transfer4j.BadInputException;

/**
 * Reads the inputs of {@code transfer4j score}: label files (one label per line) and CoNLL column
 * files, with errors that name the file, the line, what is wrong and how to fix it.
 */
final class ScoreInputs {
  private ScoreInputs() {}

  /** Gold and predicted labels, one pair per line of the two files. */
  record Labels(List<String> gold, List<String> pred) {}

  /**
   * One token line (1-based) of a CoNLL input, or a sentence boundary when {@code gold} is null.
   */
  record TagPair(String gold, String pred, int line) {
    static final TagPair BOUNDARY = new TagPair(null, null, 0);

    boolean isBoundary() {
      return gold == null;
    }
  }

  /** Reads two label files line by line; they must have the same number of lines. */
  static Labels readLabels(Path goldFile, Path predFile) throws IOException {
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    List<String[]> lines = readLinePairs(goldFile, predFile);
    for (int i = 0; i < lines.size(); i++) {
      gold.add(label(lines.get(i)[0], goldFile, i + 1));
      pred.add(label(lines.get(i)[1], predFile, i + 1));
    }
    return new Labels(gold, pred);
  }

  /** Gold and predicted label sets, one pair per line. */
  record LabelSets(List<Set<String>> gold, List<Set<String>> pred) {}

  /**
   * Reads two multi-label files: each line holds zero or more labels separated by {@code separator}
   * (an empty line is the empty set).
   */
  static LabelSets readLabelSets(Path goldFile, Path predFile, String separator)
      throws IOException {
    List<Set<String>> gold = new ArrayList<>();
    List<Set<String>> pred = new ArrayList<>();
    for (String[] pair : readLinePairs(goldFile, predFile)) {
      gold.add(labelSet(pair[0], separator));
      pred.add(labelSet(pair[1], separator));
    }
    return new LabelSets(gold, pred);
  }

  private static Set<String> labelSet(String line, String separator) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : line.split(Pattern.quote(separator), -1)) {
      String s = part.strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** The lines of two files side by side; the files must have the same number of lines. */
  private static List<String[]> readLinePairs(Path goldFile, Path predFile) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader g = reader(goldFile);
        BufferedReader p = reader(predFile)) {
      for (int line = 1; ; line++) {
        String gl = g.readLine();
        String pl = p.readLine();
        if (gl == null && pl == null) {
          break;
        }
        if (gl == null || pl == null) {
          Path longer = gl == null ? predFile : goldFile;
          Path shorter = gl == null ? goldFile : predFile;
          throw new BadInputException(
              "line counts differ: "
                  + goldFile
                  + " and "
                  + predFile
                  + " must have one line per example each, but "
                  + shorter
                  + " ends after line "
                  + (line - 1)
                  + " while "
                  + longer
                  + " has line "
                  + line);
        }
        out.add(new String[] {gl, pl});
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(
          goldFile + " and " + predFile + " are empty; write one example per line");
    }
    return out;
  }

  private static String label(String text, Path file, int line) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new BadInputException(
          file + ":" + line + ": empty line; write exactly one label on every line");
    }
    return s;
  }

  /**
   * Reads a conlleval input: whitespace-separated columns, the last two the gold and predicted
   * tags, every token line with the same number of columns (at least 3: token, gold, pred); a blank
   * line, or a line whose first column is {@code -X-} (as in conlleval), ends a sentence.
   */
  static List<TagPair> readConll(Path file) throws IOException {
    List<TagPair> out = new ArrayList<>();
    int columns = -1;
    try (BufferedReader r = reader(file)) {
      String text;
      for (int line = 1; (text = r.readLine()) != null; line++) {
        String[] f = columns(text);
        if (f.length == 0 || f[0].equals("-X-")) {
          out.add(TagPair.BOUNDARY);
          continue;
        }
        columns = checkColumns(file, line, f.length, columns, 3, "token, gold tag, predicted tag");
        out.add(new TagPair(f[f.length - 2], f[f.length - 1], line));
      }
    }
    return out;
  }

  /**
   * Reads gold and predicted CoNLL files side by side: each has the token in the first column and
   * the tag in the last; blank lines (sentence ends) and tokens must line up.
   */
  static List<TagPair> readConllPair(Path goldFile, Path predFile) throws IOException {
    List<TagPair> out = new ArrayList<>();
    int goldColumns = -1;
    int predColumns = -1;
    try (BufferedReader g = reader(goldFile);
        BufferedReader p = reader(predFile)) {
      for (int line = 1; ; line++) {
        String gl = g.readLine();
        String pl = p.readLine();
        if (gl == null && pl == null) {
          break;
        }
        if (gl == null || pl == null) {
          Path longer = gl == null ? predFile : goldFile;
          Path shorter = gl == null ? goldFile : predFile;
          throw new BadInputException(
              "line counts differ: "
                  + shorter
                  + " ends after line "
                  + (line - 1)
                  + " but "
                  + longer
                  + " has line "
                  + line
                  + "; gold and predicted CoNLL files must have the same lines");
        }
        String[] gf = columns(gl);
        String[] pf = columns(pl);
        if ((gf.length == 0) != (pf.length == 0)) {
          throw new BadInputException(
              "line "
                  + line
                  + " is blank in "
                  + (gf.length == 0 ? goldFile : predFile)
                  + " but not in "
                  + (gf.length == 0 ? predFile : goldFile)
                  + "; sentence ends (blank lines) must line up");
        }
        if (gf.length == 0) {
          out.add(TagPair.BOUNDARY);
          continue;
        }
        goldColumns = checkColumns(goldFile, line, gf.length, goldColumns, 2, "token, tag");
        predColumns = checkColumns(predFile, line, pf.length, predColumns, 2, "token, tag");
        if (!gf[0].equals(pf[0])) {
          throw new BadInputException(
              "line "
                  + line
                  + ": token '"
                  + gf[0]
                  + "' in "
                  + goldFile
                  + " but '"
                  + pf[0]
                  + "' in "
                  + predFile
                  + "; both files must list the same tokens");
        }
        out.add(new TagPair(gf[gf.length - 1], pf[pf.length - 1], line));
      }
    }
    return out;
  }

  private static int checkColumns(
      Path file, int line, int found, int expected, int minimum, String what) {
    if (expected < 0) {
      if (found < minimum) {
        throw new BadInputException(
            file
                + ":"
                + line
                + ": expected at least "
                + minimum
                + " columns ("
                + what
                + "), found "
                + found);
      }
      return found;
    }
    if (found != expected) {
      throw new BadInputException(
          file
              + ":"
              + line
              + ": expected "
              + expected
              + " columns (like the first token line), found "
              + found);
    }
    return expected;
  }

  private static String[] columns(String line) {
    String s = line.strip();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }

  private static BufferedReader reader(Path file) throws IOException {
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }
}
