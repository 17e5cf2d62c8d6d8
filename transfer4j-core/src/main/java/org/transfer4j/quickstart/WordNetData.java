package org.transfer4j.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.transfer4j.data.WordNetGlosses;

/**
 * WordNet 3.0 from Debian's {@code wordnet-base}: 117,659 synset glosses whose lexicographer class
 * ({@code noun.animal}, {@code verb.motion}, ... 45 classes) is the label of its definition. A
 * stratified few-labels subset (by default 40/10/20 definitions per class) is the labelled data;
 * every other definition and all usage examples are the unlabeled pretraining corpus, so no
 * validation or test text is seen in pretraining.
 *
 * <pre>{@code
 * QuickstartData d = new WordNetData(WordNetGlosses.DEFAULT_DIR, 40, 10, 20).write(dir, 42);
 * }</pre>
 *
 * @param dir the WordNet database folder (with {@code data.noun} ...)
 * @param train definitions per class for fine-tuning
 * @param validation definitions per class for validation
 * @param test definitions per class for the test scores
 */
public record WordNetData(Path dir, int train, int validation, int test) implements DataSource {
  /** The default few-labels sizes on the installed database. */
  public static WordNetData defaults() {
    return new WordNetData(WordNetGlosses.DEFAULT_DIR, 40, 10, 20);
  }

  @Override
  public QuickstartData write(Path out, long seed) throws IOException {
    Files.createDirectories(out);
    List<WordNetGlosses.Gloss> glosses = WordNetGlosses.read(dir);
    List<Splits.Example> all = new ArrayList<>(glosses.size());
    for (WordNetGlosses.Gloss g : glosses) {
      if (!g.definition().isBlank()) {
        all.add(new Splits.Example(g.definition().strip(), g.lexname()));
      }
    }
    Splits.Three s = Splits.stratified(all, train, validation, test, seed);
    Set<String> heldOut = new HashSet<>();
    s.validation().forEach(e -> heldOut.add(e.text()));
    s.test().forEach(e -> heldOut.add(e.text()));
    List<String> corpus = new ArrayList<>(glosses.size() * 2);
    for (WordNetGlosses.Gloss g : glosses) {
      String def = g.definition().strip();
      if (heldOut.contains(def)) {
        continue; // its examples would give the held-out synset away too
      }
      corpus.add(def);
      corpus.addAll(g.examples());
    }
    long lines = Splits.writeLines(out.resolve("corpus.txt"), corpus);
    int[] sizes = Splits.writeAll(out, s);
    return new QuickstartData(
        "wordnet",
        "WordNet 3.0 glosses (wordnet-base): the definition is the text, its lexicographer class"
            + " (45 classes such as noun.animal, verb.motion) the label",
        out.resolve("corpus.txt"),
        lines,
        out.resolve("train.csv"),
        out.resolve("validation.csv"),
        out.resolve("test.csv"),
        sizes,
        Splits.labels(s));
  }
}
