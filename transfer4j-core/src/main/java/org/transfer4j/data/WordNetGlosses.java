package org.transfer4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.transfer4j.BadInputException;

/**
 * Reads WordNet 3.0 glosses with their lexicographer class, a real labelled text set that Debian
 * ships in {@code wordnet-base} (117k synsets, 45 classes such as {@code noun.animal}). The
 * quickstart pretrains on the glosses and classifies definitions into lexicographer classes.
 *
 * <pre>{@code
 * if (WordNetGlosses.isInstalled()) {
 *   List<WordNetGlosses.Gloss> glosses = WordNetGlosses.read(WordNetGlosses.DEFAULT_DIR);
 * }
 * }</pre>
 */
public final class WordNetGlosses {
  /** Where Debian's {@code wordnet-base} puts the database. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/wordnet");

  /** The WordNet 3.0 lexicographer files, indexed by the two-digit {@code lex_filenum}. */
  public static final List<String> LEXNAMES =
      List.of(
          "adj.all",
          "adj.pert",
          "adv.all",
          "noun.Tops",
          "noun.act",
          "noun.animal",
          "noun.artifact",
          "noun.attribute",
          "noun.body",
          "noun.cognition",
          "noun.communication",
          "noun.event",
          "noun.feeling",
          "noun.food",
          "noun.group",
          "noun.location",
          "noun.motive",
          "noun.object",
          "noun.person",
          "noun.phenomenon",
          "noun.plant",
          "noun.possession",
          "noun.process",
          "noun.quantity",
          "noun.relation",
          "noun.shape",
          "noun.state",
          "noun.substance",
          "noun.time",
          "verb.body",
          "verb.change",
          "verb.cognition",
          "verb.communication",
          "verb.competition",
          "verb.consumption",
          "verb.contact",
          "verb.creation",
          "verb.emotion",
          "verb.motion",
          "verb.perception",
          "verb.possession",
          "verb.social",
          "verb.stative",
          "verb.weather",
          "adj.ppl");

  private static final List<String> DATA_FILES =
      List.of("data.noun", "data.verb", "data.adj", "data.adv");

  /**
   * One synset.
   *
   * @param offset the synset's byte offset (its id within the part of speech)
   * @param lexname the lexicographer class, e.g. {@code noun.animal}
   * @param words the synset's lemmas, underscores turned into spaces
   * @param definition the gloss without its quoted examples
   * @param examples the quoted usage examples
   */
  public record Gloss(
      String offset,
      String lexname,
      List<String> words,
      String definition,
      List<String> examples) {}

  private WordNetGlosses() {}

  /** Whether the database is installed in the default place. */
  public static boolean isInstalled() {
    return Files.isRegularFile(DEFAULT_DIR.resolve("data.noun"));
  }

  /** Reads all four data files of a WordNet database folder, streaming line by line. */
  public static List<Gloss> read(Path dir) throws IOException {
    List<Gloss> out = new ArrayList<>(120_000);
    for (String name : DATA_FILES) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(
            "WordNet data file " + file + " is missing; install Debian's wordnet-base");
      }
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.startsWith("  ")) {
            continue; // the license header
          }
          out.add(parse(line, file, lineNo));
        }
      }
    }
    return out;
  }

  /**
   * Parses one data line: {@code offset lex_filenum ss_type w_cnt(hex) word lex_id ... p_cnt
   * pointers... | gloss}.
   */
  static Gloss parse(String line, Path file, int lineNo) {
    int bar = line.indexOf(" | ");
    if (bar < 0) {
      throw bad(file, lineNo, "no ' | ' before the gloss");
    }
    String[] f = line.substring(0, bar).trim().split(" ");
    try {
      int lexNum = Integer.parseInt(f[1]);
      if (lexNum < 0 || lexNum >= LEXNAMES.size()) {
        throw bad(file, lineNo, "lexicographer file number " + f[1] + " is out of range");
      }
      int wordCount = Integer.parseInt(f[3], 16);
      List<String> words = new ArrayList<>(wordCount);
      for (int i = 0; i < wordCount; i++) {
        String w = f[4 + 2 * i];
        int paren = w.indexOf('('); // adjective markers such as "(a)"
        words.add((paren > 0 ? w.substring(0, paren) : w).replace('_', ' '));
      }
      String gloss = line.substring(bar + 3).trim();
      return splitGloss(f[0], LEXNAMES.get(lexNum), words, gloss);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw bad(file, lineNo, "malformed synset fields (" + e.getMessage() + ")");
    }
  }

  /** A gloss is {@code definition; "example"; "example"}. */
  static Gloss splitGloss(String offset, String lexname, List<String> words, String gloss) {
    List<String> examples = new ArrayList<>();
    String definition = gloss;
    int q = gloss.indexOf("; \"");
    if (q >= 0) {
      definition = gloss.substring(0, q).trim();
      for (String part : gloss.substring(q + 2).split(";\\s*")) {
        String p = part.trim();
        if (p.length() >= 2 && p.startsWith("\"")) {
          int end = p.lastIndexOf('"');
          examples.add(end > 0 ? p.substring(1, end) : p.substring(1));
        }
      }
    }
    return new Gloss(offset, lexname, List.copyOf(words), definition, List.copyOf(examples));
  }

  private static BadInputException bad(Path file, int lineNo, String what) {
    return new BadInputException(
        String.format(Locale.ROOT, "WordNet file %s invalid at line %d: %s", file, lineNo, what));
  }
}
