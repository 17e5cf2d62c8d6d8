package org.transfer4j.quickstart;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Stratified labelled splits and their files. A stratified split keeps every label in every split
 * (as scikit-learn's {@code train_test_split(stratify=y)} does), so that a few-labels training set
 * still covers all classes and the test scores weigh each class as the full data does.
 */
final class Splits {
  /** One labelled text. */
  record Example(String text, String label) {}

  /** Train, validation and test examples. */
  record Three(List<Example> train, List<Example> validation, List<Example> test) {}

  private Splits() {}

  /**
   * Per label, shuffles its examples with {@code seed} and takes {@code train}, {@code validation}
   * and {@code test} of them (the test share gets what is left when a label has fewer; labels with
   * fewer than 3 examples are dropped). A test count below 0 takes all the rest.
   */
  static Three stratified(List<Example> all, int train, int validation, int test, long seed) {
    Map<String, List<Example>> byLabel = new TreeMap<>();
    for (Example e : all) {
      byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
    }
    List<Example> tr = new ArrayList<>();
    List<Example> va = new ArrayList<>();
    List<Example> te = new ArrayList<>();
    Random random = new Random(seed);
    for (List<Example> group : byLabel.values()) {
      if (group.size() < 3) {
        continue;
      }
      Collections.shuffle(group, random);
      int n = group.size();
      int want = train + validation + Math.max(test, 0);
      int nTrain = train;
      int nVal = validation;
      if (test >= 0 && n < want) {
        // A small class: keep the proportions, at least one example per split.
        nTrain = train == 0 ? 0 : Math.max(1, (int) Math.floor((double) n * train / want));
        nVal = validation == 0 ? 0 : Math.max(1, (int) Math.floor((double) n * validation / want));
      } else if (n < nTrain + nVal + 1) {
        nTrain = train == 0 ? 0 : Math.max(1, n - nVal - 1);
        nVal = validation == 0 ? 0 : Math.max(1, Math.min(nVal, n - nTrain - 1));
      }
      int nTest = test < 0 ? n - nTrain - nVal : Math.min(test, n - nTrain - nVal);
      tr.addAll(group.subList(0, nTrain));
      va.addAll(group.subList(nTrain, nTrain + nVal));
      te.addAll(group.subList(nTrain + nVal, nTrain + nVal + nTest));
    }
    Collections.shuffle(tr, random);
    Collections.shuffle(va, random);
    Collections.shuffle(te, random);
    return new Three(tr, va, te);
  }

  /** Writes {@code text,label} CSV, via a temporary file moved into place. */
  static void writeCsv(Path file, List<Example> examples) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        CSVPrinter csv =
            new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("text", "label").build())) {
      for (Example e : examples) {
        csv.printRecord(e.text(), e.label());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes one line per text (newlines inside a text become spaces), atomically. */
  static long writeLines(Path file, Iterable<String> lines) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
    long n = 0;
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        String s = line.replace('\n', ' ').replace('\r', ' ').strip();
        if (!s.isEmpty()) {
          w.write(s);
          w.write('\n');
          n++;
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    return n;
  }

  /** Writes the three splits as {@code train.csv}, {@code validation.csv}, {@code test.csv}. */
  static int[] writeAll(Path dir, Three s) throws IOException {
    writeCsv(dir.resolve("train.csv"), s.train());
    writeCsv(dir.resolve("validation.csv"), s.validation());
    writeCsv(dir.resolve("test.csv"), s.test());
    return new int[] {s.train().size(), s.validation().size(), s.test().size()};
  }

  static int labels(Three s) {
    return (int) s.train().stream().map(Example::label).distinct().count();
  }
}
