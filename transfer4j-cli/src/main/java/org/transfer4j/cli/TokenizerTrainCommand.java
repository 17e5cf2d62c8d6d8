package org.transfer4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Normalizer;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.normalizer.Lowercase;
import org.transfer4j.tokenize.normalizer.NormalizerSequence;
import org.transfer4j.tokenize.normalizer.StripAccents;
import org.transfer4j.tokenize.normalizer.UnicodeNormalizer;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.tokenize.train.TrainerConfig;
import org.transfer4j.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer4j tokenizer train}: learns a WordPiece or byte-level BPE tokenizer. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a BERT WordPiece or GPT-2 byte-level BPE tokenizer on text files (one text per line),"
          + " folders of them, or a CSV column, with Hugging Face's trainer semantics.",
      "Writes tokenizer.json plus vocab.txt (wordpiece) or vocab.json + merges.txt (bpe) into"
          + " --output."
    })
final class TokenizerTrainCommand implements Callable<Integer> {
  enum Type {
    wordpiece,
    bpe
  }

  @Mixin EngineOptions engineOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--type",
      defaultValue = "wordpiece",
      description = "wordpiece (BERT) or bpe (GPT-2 byte level); default: ${DEFAULT-VALUE}.")
  Type type;

  @Option(
      names = "--vocab-size",
      defaultValue = "30000",
      paramLabel = "N",
      description = "Vocabulary size, special tokens included; default: ${DEFAULT-VALUE}.")
  int vocabSize;

  @Option(
      names = "--min-frequency",
      defaultValue = "2",
      paramLabel = "N",
      description = "Merge only pairs seen at least N times; default: ${DEFAULT-VALUE}.")
  long minFrequency;

  @Option(
      names = "--lowercase",
      negatable = true,
      description = "Lowercase the text (default: on for wordpiece, off for bpe).")
  Boolean lowercase;

  @Option(
      names = "--strip-accents",
      negatable = true,
      description = "Remove accents (default: as --lowercase for wordpiece, off for bpe).")
  Boolean stripAccents;

  @Option(
      names = "--special-tokens",
      split = ",",
      paramLabel = "TOKEN",
      description =
          "Comma-separated special tokens, ids 0.. in this order (default: [PAD],[UNK],[CLS],[SEP],[MASK]"
              + " for wordpiece, <|endoftext|> for bpe).")
  List<String> specialTokens;

  @Option(
      names = "--limit-alphabet",
      paramLabel = "N",
      description =
          "Keep the N most frequent characters (default: 1000 for wordpiece, all for bpe).")
  Integer limitAlphabet;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "Read the inputs as CSV files with a header and train on this column.")
  String column;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the tokenizer files into (created if needed).")
  Path output;

  @Option(
      names = "--overwrite",
      description = "Replace the tokenizer files in a non-empty --output (removed first).")
  boolean overwrite;

  @Option(names = "--quiet", description = "No progress bar on stderr.")
  boolean quiet;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Text files or folders.")
  List<Path> inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (vocabSize < 1) {
      throw new BadInputException("--vocab-size must be positive, got " + vocabSize);
    }
    if (minFrequency < 0) {
      throw new BadInputException("--min-frequency must be 0 or more, got " + minFrequency);
    }
    if (limitAlphabet != null && limitAlphabet < 1) {
      throw new BadInputException("--limit-alphabet must be positive, got " + limitAlphabet);
    }
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new BadInputException(
          "--output " + output + " is a file; give a folder for the tokenizer files");
    }
    try (RunFolder folder =
        RunFolder.claim(output, overwrite, List.of(), RunFolder.TOKENIZER_FILES::contains)) {
      return train(out);
    }
  }

  private int train(PrintWriter out) throws IOException {
    Progress progress = quiet ? Progress.none() : Progress.to(spec.commandLine().getErr());
    long start = System.nanoTime();
    Corpus corpus = Corpus.files(inputs, column);
    Tokenizer tokenizer;
    if (type == Type.wordpiece) {
      boolean lc = lowercase == null || lowercase;
      BertOptions bert = BertOptions.uncased().withLowercase(lc).withStripAccents(stripAccents);
      TrainerConfig c = TrainerConfig.wordPiece(vocabSize).withMinFrequency(minFrequency);
      if (specialTokens != null) {
        c = c.withSpecialTokens(specialTokens);
      }
      if (limitAlphabet != null) {
        c = c.withLimitAlphabet(limitAlphabet);
      }
      tokenizer = TokenizerTrainer.wordPiece(corpus, bert, c, progress);
    } else {
      TrainerConfig c = TrainerConfig.byteLevelBpe(vocabSize).withMinFrequency(minFrequency);
      if (specialTokens != null) {
        c = c.withSpecialTokens(specialTokens);
      }
      if (limitAlphabet != null) {
        c = c.withLimitAlphabet(limitAlphabet);
      }
      tokenizer = TokenizerTrainer.byteLevelBpe(corpus, bpeNormalizer(), c, progress);
    }
    Files.createDirectories(output);
    tokenizer.save(output);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> files = new ArrayList<>();
    try (var s = Files.list(output)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(RunFolder.LOCK))
          .sorted()
          .forEach(files::add);
    }
    out.printf(
        Locale.ROOT,
        "trained %s tokenizer: %d tokens in %.1f s; wrote %s %s%n",
        type,
        tokenizer.vocabSize(),
        seconds,
        output,
        files);
    return 0;
  }

  /** Hugging Face's ByteLevelBPETokenizer takes a lowercase flag; accents need NFD first. */
  private Normalizer bpeNormalizer() {
    List<Normalizer> n = new ArrayList<>();
    if (Boolean.TRUE.equals(stripAccents)) {
      n.add(new UnicodeNormalizer(java.text.Normalizer.Form.NFD));
      n.add(new StripAccents());
    }
    if (Boolean.TRUE.equals(lowercase)) {
      n.add(new Lowercase());
    }
    return n.isEmpty() ? null : n.size() == 1 ? n.get(0) : new NormalizerSequence(n);
  }
}
