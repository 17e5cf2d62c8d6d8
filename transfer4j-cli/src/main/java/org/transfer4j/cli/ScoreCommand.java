package org.transfer4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.eval.ClassificationMetrics;
import org.transfer4j.eval.ClassificationReport;
import org.transfer4j.eval.ConfusionHeatmap;
import org.transfer4j.eval.ConfusionMatrix;
import org.transfer4j.eval.ConllEval;
import org.transfer4j.eval.MultiLabelMetrics;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.eval.SpanReport;
import org.transfer4j.eval.TagScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j score}: scores predictions against gold labels, as a scikit-learn style
 * classification report or, with {@code --tagging}, conlleval span scores.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score predictions against gold labels.",
      "Classification: --gold and --pred hold one label per line; prints precision, recall, F1"
          + " and support per class, accuracy, macro and weighted averages (scikit-learn's"
          + " classification_report; a metric with a zero denominator is 0).",
      "Multi-label (--multi-label): each line holds a set of labels separated by --separator.",
      "Tagging (--tagging): conlleval span scores per entity type and overall, with token"
          + " accuracy. Either --conll FILE with columns 'token ... gold pred' (conlleval input,"
          + " sentences separated by blank lines), or --gold and --pred CoNLL files with the token"
          + " first and the tag last."
    })
final class ScoreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--gold", paramLabel = "FILE", description = "Gold labels or gold CoNLL file.")
  Path gold;

  @Option(
      names = "--pred",
      paramLabel = "FILE",
      description = "Predicted labels or predicted CoNLL file (same lines as --gold).")
  Path pred;

  @Option(names = "--tagging", description = "Score tag sequences (spans) instead of labels.")
  boolean tagging;

  @Option(
      names = "--multi-label",
      description =
          "Each line holds a set of labels separated by --separator (an empty line is the empty"
              + " set); reports per-label, micro, macro and weighted scores and subset accuracy.")
  boolean multiLabel;

  @Option(
      names = "--separator",
      paramLabel = "TEXT",
      description = "Label separator with --multi-label (default: ${DEFAULT-VALUE}).")
  String separator = ",";

  @Option(
      names = "--conll",
      paramLabel = "FILE",
      description = "With --tagging: one conlleval-style file, last two columns gold and pred.")
  Path conll;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      description =
          "Tag scheme with --tagging: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TagScheme scheme = TagScheme.IOB2;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Also write report.json, report.csv, confusion.png and confusion_normalized.png"
              + " (token tags with --tagging, plus conlleval.txt; no PNGs with --multi-label)"
              + " into DIR.")
  Path output;

  @Option(
      names = "--digits",
      paramLabel = "N",
      description = "Decimals in the printed table (default: ${DEFAULT-VALUE}).")
  int digits = 4;

  @Override
  public Integer call() throws IOException {
    OutputChecks.notAnInput("--output", output, "--gold", gold, "--pred", pred, "--conll", conll);
    if (digits < 0 || digits > 10) {
      throw new BadInputException("--digits must be between 0 and 10, got " + digits);
    }
    if (tagging && multiLabel) {
      throw new BadInputException("--tagging and --multi-label cannot be combined");
    }
    if (separator.isEmpty()) {
      throw new BadInputException("--separator must not be empty");
    }
    PrintWriter out = spec.commandLine().getOut();
    ClassificationReport report;
    ConfusionMatrix cm;
    String conllevalText = null;
    if (tagging) {
      List<ScoreInputs.TagPair> pairs = readTagging();
      ConllEval eval = new ConllEval(scheme);
      List<String> goldTags = new ArrayList<>();
      List<String> predTags = new ArrayList<>();
      for (ScoreInputs.TagPair p : pairs) {
        if (p.isBoundary()) {
          eval.endSentence();
        } else {
          checkTag(p.gold(), conll != null ? conll : gold, p.line());
          checkTag(p.pred(), conll != null ? conll : pred, p.line());
          eval.add(p.gold(), p.pred());
          goldTags.add(p.gold());
          predTags.add(p.pred());
        }
      }
      if (goldTags.isEmpty()) {
        throw new BadInputException(
            (conll != null ? conll.toString() : gold + " and " + pred) + " have no token lines");
      }
      SpanReport spans = eval.report();
      conllevalText = spans.conllevalText();
      report = spans.toClassificationReport();
      cm = ConfusionMatrix.ofNames(goldTags, predTags);
      out.print(conllevalText);
      out.println();
      out.print(ReportFormat.text(report, digits));
    } else if (multiLabel) {
      if (conll != null) {
        throw new BadInputException("--conll needs --tagging");
      }
      requireGoldAndPred("--multi-label");
      report = multiLabelReport(ScoreInputs.readLabelSets(gold, pred, separator));
      cm = null; // a multi-label prediction has no single confusion matrix
      out.print(ReportFormat.text(report, digits));
    } else {
      if (conll != null) {
        throw new BadInputException("--conll needs --tagging");
      }
      requireGoldAndPred("classification");
      ScoreInputs.Labels labels = ScoreInputs.readLabels(gold, pred);
      cm = ConfusionMatrix.ofNames(labels.gold(), labels.pred());
      report = ClassificationMetrics.report(cm);
      out.print(ReportFormat.text(report, digits));
    }
    if (output != null) {
      ReportFormat.writeJson(report, output.resolve("report.json"));
      ReportFormat.writeCsv(report, output.resolve("report.csv"));
      if (cm != null) {
        ConfusionHeatmap.write(cm, output.resolve("confusion.png"), false);
        ConfusionHeatmap.write(cm, output.resolve("confusion_normalized.png"), true);
      }
      if (conllevalText != null) {
        ReportFormat.writeText(conllevalText, output.resolve("conlleval.txt"));
      }
      out.println();
      out.println(
          "wrote "
              + output.resolve("report.json")
              + ", report.csv"
              + (cm != null ? ", confusion.png, confusion_normalized.png" : "")
              + (conllevalText != null ? ", conlleval.txt" : ""));
    }
    return 0;
  }

  /** Indicator matrices over the sorted union of all labels, then the multi-label report. */
  private static ClassificationReport multiLabelReport(ScoreInputs.LabelSets sets) {
    TreeSet<String> all = new TreeSet<>();
    sets.gold().forEach(all::addAll);
    sets.pred().forEach(all::addAll);
    if (all.isEmpty()) {
      throw new BadInputException("no labels at all in either file");
    }
    List<String> labels = new ArrayList<>(all);
    return MultiLabelMetrics.report(
        indicators(sets.gold(), labels), indicators(sets.pred(), labels), labels);
  }

  private static boolean[][] indicators(List<Set<String>> sets, List<String> labels) {
    boolean[][] out = new boolean[sets.size()][labels.size()];
    for (int i = 0; i < sets.size(); i++) {
      for (int j = 0; j < labels.size(); j++) {
        out[i][j] = sets.get(i).contains(labels.get(j));
      }
    }
    return out;
  }

  private List<ScoreInputs.TagPair> readTagging() throws IOException {
    if (conll != null) {
      if (gold != null || pred != null) {
        throw new BadInputException("give either --conll FILE or --gold and --pred, not both");
      }
      return ScoreInputs.readConll(conll);
    }
    requireGoldAndPred("--tagging");
    return ScoreInputs.readConllPair(gold, pred);
  }

  private void requireGoldAndPred(String mode) {
    if (gold == null || pred == null) {
      throw new BadInputException(
          mode + " needs both --gold FILE and --pred FILE" + (tagging ? " (or --conll FILE)" : ""));
    }
  }

  private void checkTag(String tag, Path file, int line) {
    try {
      scheme.parseTag(tag);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ":" + line + ": " + e.getMessage(), e);
    }
  }
}
