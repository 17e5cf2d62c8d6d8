package org.transfer4j.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.TextExample;

/**
 * A labelled data set in a folder with {@code train.csv} and {@code test.csv} (BANKING77's layout:
 * columns {@code text,category}). Every training text is the unlabeled pretraining corpus; a
 * stratified few-labels subset of it ({@code perClass} per label, plus {@code validationPerClass}
 * for validation) is the fine-tuning data; {@code test.csv} is the test split (all of it, or a
 * stratified {@code testPerClass} per label).
 *
 * <pre>{@code
 * QuickstartData d = new CsvData("banking77", Path.of("banking77"), "category", 10, 5, -1)
 *     .write(dir, 42);
 * }</pre>
 *
 * @param name the data set's name in the summary
 * @param dir the folder with {@code train.csv} and {@code test.csv}
 * @param labelColumn the label column ({@code text} is the text column)
 * @param perClass labelled training examples per label
 * @param validationPerClass validation examples per label (taken from the training file)
 * @param testPerClass test examples per label, or -1 for the whole test file
 */
public record CsvData(
    String name,
    Path dir,
    String labelColumn,
    int perClass,
    int validationPerClass,
    int testPerClass)
    implements DataSource {
  /** BANKING77 (PolyAI) in {@code dir}, columns {@code text,category}. */
  public static CsvData banking77(Path dir, int perClass) {
    return new CsvData("banking77", dir, "category", perClass, 5, -1);
  }

  @Override
  public QuickstartData write(Path out, long seed) throws IOException {
    Path trainFile = dir.resolve("train.csv");
    Path testFile = dir.resolve("test.csv");
    for (Path f : List.of(trainFile, testFile)) {
      if (!Files.isRegularFile(f)) {
        throw new BadInputException(
            "--data "
                + name
                + " "
                + dir
                + ": "
                + f.getFileName()
                + " is missing; give a folder with train.csv and test.csv (columns text,"
                + labelColumn
                + ")");
      }
    }
    ClassificationColumns columns = new ClassificationColumns("text", null, labelColumn);
    List<Splits.Example> train = examples(ClassificationReader.read(trainFile, columns));
    List<Splits.Example> test = examples(ClassificationReader.read(testFile, columns));
    Files.createDirectories(out);
    Splits.Three fromTrain = Splits.stratified(train, perClass, validationPerClass, 0, seed);
    List<Splits.Example> testSplit =
        testPerClass < 0 ? test : Splits.stratified(test, 0, 0, testPerClass, seed).test();
    Splits.Three s = new Splits.Three(fromTrain.train(), fromTrain.validation(), testSplit);
    List<String> corpus = new ArrayList<>(train.size());
    train.forEach(e -> corpus.add(e.text()));
    long lines = Splits.writeLines(out.resolve("corpus.txt"), corpus);
    int[] sizes = Splits.writeAll(out, s);
    return new QuickstartData(
        name,
        name
            + " ("
            + dir
            + "): "
            + perClass
            + " labelled training texts per class; all "
            + train.size()
            + " training texts as the unlabeled corpus",
        out.resolve("corpus.txt"),
        lines,
        out.resolve("train.csv"),
        out.resolve("validation.csv"),
        out.resolve("test.csv"),
        sizes,
        Splits.labels(s));
  }

  private static List<Splits.Example> examples(List<TextExample> in) {
    List<Splits.Example> out = new ArrayList<>(in.size());
    for (TextExample e : in) {
      out.add(new Splits.Example(e.text(), e.labels().get(0)));
    }
    return out;
  }
}
