package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.tokenize.train.TrainerConfig;

/**
 * BANKING77 (Casanueva et al., 2020; PolyAI, CC BY 4.0): fine-tuning a tiny BERT from scratch on a
 * subset runs end to end on real data and reports weighted F1.
 */
@Tag("slow")
class Banking77Test {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void fromScratchOnASubsetReportsWeightedF1(@TempDir Path dir) throws Exception {
    Path banking = SharedData.require("data/banking77");
    // every 5th training row (about 2,000) and every 10th test row (308): CI-sized
    Path train = subset(banking.resolve("train.csv"), dir.resolve("train.csv"), 5, 0);
    Path valid = subset(banking.resolve("test.csv"), dir.resolve("valid.csv"), 10, 1);
    Path test = subset(banking.resolve("test.csv"), dir.resolve("test.csv"), 10, 0);
    // a 2,000-piece WordPiece vocabulary trained on the training subset keeps the model small
    List<String> texts = new ArrayList<>();
    try (var parser =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(Files.newBufferedReader(train, StandardCharsets.UTF_8))) {
      parser.forEach(rec -> texts.add(rec.get("text")));
    }
    Path vocab = Files.createDirectories(dir.resolve("tok"));
    TokenizerTrainer.wordPiece(
            Corpus.texts(texts),
            BertOptions.uncased(),
            TrainerConfig.wordPiece(2000),
            Progress.none())
        .save(vocab);
    Path out = dir.resolve("out");
    FinetuneResult r =
        ClassificationTask.run(
            FinetuneConfig.builder(
                    TaskFixtures.trainer(out, 4, 3e-3, "weighted_f1")
                        .batchSize(32)
                        .logEvery(20)
                        .build())
                .fromScratch(TaskFixtures.tinyBert(), vocab)
                .train(train)
                .validation(valid)
                .test(test)
                .columns(new org.transfer4j.data.ClassificationColumns("text", null, "category"))
                .maxLength(32)
                .build());
    double f1 = r.testMetrics().get("weighted_f1");
    // Predicting one class for everything scores about 0.0003 (1/77 of the examples, F1 0.026 on
    // them); a tiny BERT from scratch needs far more than three CI-sized epochs to do well (that
    // is the point of pretraining), but it must already beat the constant by a wide margin.
    assertThat(f1).isGreaterThan(0.003);
    assertThat(out.resolve("report/test/confusion_normalized.png")).exists();
    System.err.printf("BANKING77 subset from scratch: weighted F1 %.4f%n", f1);
  }

  private static Path subset(Path from, Path to, int every, int offset) throws Exception {
    // texts may hold quoted line breaks: go through the CSV parser, not lines
    try (var reader = Files.newBufferedReader(from, StandardCharsets.UTF_8);
        var parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
        var writer = Files.newBufferedWriter(to, StandardCharsets.UTF_8);
        var printer = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
      printer.printRecord("text", "category");
      long i = 0;
      for (CSVRecord rec : parser) {
        if (i++ % every == offset) {
          printer.printRecord(rec.get("text"), rec.get("category"));
        }
      }
    }
    return to;
  }
}
