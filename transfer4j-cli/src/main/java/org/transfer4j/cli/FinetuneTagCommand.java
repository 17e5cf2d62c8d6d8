package org.transfer4j.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.task.FinetuneResult;
import org.transfer4j.task.TaggingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j finetune tag}. */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description =
        "Token tagging (NER, POS) from CoNLL files: a word per line, the tag in a chosen column,"
            + " blank lines between sentences, -DOCSTART- skipped; only a word's first sub-token"
            + " carries its label; spans scored as conlleval.")
final class FinetuneTagCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Mixin TrainingOptions trainingOptions;
  @Mixin FinetuneOptions finetuneOptions;
  @Mixin TaggerCliOptions tagger;

  @Option(
      names = "--tag-column",
      paramLabel = "N",
      description = "0-based column of the tag (default: -1 = the last).")
  int tagColumn = -1;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      description =
          "Tag scheme for span scoring: io, iob1, iob2, iobes (default: ${DEFAULT-VALUE}).")
  String scheme = "iob2";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    engineOptions.init();
    PrintStream log = FinetuneOptions.stream(spec.commandLine().getErr());
    boolean words = tagger.isWordTagger();
    if (words) {
      // A word tagger trains from scratch for many epochs: keep the best span F1 and stop when
      // it no longer improves, unless told otherwise.
      picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
      if (!parsed.hasMatchedOption("--metric")) {
        trainingOptions.metric = "f1";
      }
      if (!parsed.hasMatchedOption("--patience")) {
        trainingOptions.patience = 5;
      }
    }
    FinetuneResult r =
        TaggingTask.run(
            finetuneOptions
                .builder(trainingOptions.toConfig(engineOptions), log, words)
                .tagger(words ? tagger.toOptions() : null)
                .crf(!words && tagger.crf, !tagger.noConstraints)
                .tagColumn(tagColumn)
                .scheme(TagScheme.parse(scheme))
                .build());
    FinetuneOptions.summary(r, spec.commandLine().getOut());
    return 0;
  }
}
