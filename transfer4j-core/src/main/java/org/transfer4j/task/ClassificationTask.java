package org.transfer4j.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.ExampleEncoder;
import org.transfer4j.data.LabelVocabulary;
import org.transfer4j.data.TextExample;
import org.transfer4j.eval.ClassificationMetrics;
import org.transfer4j.eval.ClassificationReport;
import org.transfer4j.eval.ConfusionHeatmap;
import org.transfer4j.eval.ConfusionMatrix;
import org.transfer4j.eval.MultiLabelMetrics;
import org.transfer4j.eval.RankingMetrics;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.model.Labels;

/**
 * Sequence classification (Devlin et al., 2019, section 4.1): a softmax head on the pooled {@code
 * [CLS]} vector for single-label data, or a sigmoid per label with a threshold for multi-label
 * data; texts or text pairs from CSV/TSV/JSONL/fastText files.
 *
 * <pre>{@code
 * FinetuneResult r = ClassificationTask.run(FinetuneConfig.builder(trainer)
 *     .pretrained(Path.of("my-bert")).train(train).validation(dev).test(test).build());
 * double f1 = r.testMetrics().get("weighted_f1");
 * }</pre>
 */
public final class ClassificationTask {
  private ClassificationTask() {}

  /** Fine-tunes, saves the folder and reports; see {@link FinetuneConfig}. */
  public static FinetuneResult run(FinetuneConfig c) throws IOException {
    return FinetuneRunner.run(
        c,
        TaskKind.CLASSIFY,
        enc -> {
          List<TextExample> train = readLabelled(c.train(), c, "training");
          List<TextExample> valid = readLabelled(c.validation(), c, "validation");
          List<TextExample> test = c.test() == null ? null : readLabelled(c.test(), c, "test");
          LabelVocabulary vocab = vocabulary(train, c.multiLabel());
          vocab.requireKnown(valid, "validation (" + c.validation() + ")");
          if (test != null) {
            vocab.requireKnown(test, "test (" + c.test() + ")");
          }
          TaskInfo info =
              new TaskInfo(
                  TaskKind.CLASSIFY,
                  vocab.multiLabel(),
                  c.threshold(),
                  enc.maxLength(),
                  c.scheme(),
                  c.columns(),
                  c.tagColumn());
          List<String> labels = vocab.labels();
          c.log()
              .printf(
                  "%d training examples, %d labels%s%n",
                  train.size(), labels.size(), vocab.multiLabel() ? " (multi-label)" : "");
          return new FinetuneRunner.Prepared(
              info,
              Labels.of(labels),
              ExampleEncoder.classification(train, enc.pairs(), vocab),
              ExampleEncoder.classification(valid, enc.pairs(), vocab),
              scorer(valid, labels, info),
              test == null ? null : ExampleEncoder.classification(test, enc.pairs(), vocab),
              test == null ? null : scorer(test, labels, info));
        });
  }

  /** Scores a labelled file with a fine-tuned classifier. */
  public static Scores evaluate(TaskModel m, Path data, int batchSize) throws IOException {
    List<TextExample> examples = ClassificationReader.read(data, m.info().columns());
    requireLabels(examples, data);
    LabelVocabulary.of(m.labels(), m.info().multiLabel()).requireKnown(examples, data.toString());
    return scorer(examples, m.labels(), m.info()).score(m.outputs(encode(m, examples), batchSize));
  }

  /** Model inputs of examples, labels ignored. */
  public static List<EncodedExample> encode(TaskModel m, List<TextExample> examples) {
    return examples.stream()
        .parallel()
        .map(e -> EncodedExample.unlabeled(m.encoders().pairs().encode(e.text(), e.pair())))
        .toList();
  }

  /**
   * One prediction as JSON: {@code {"label": .., "probabilities": {..}}}, or for multi-label {@code
   * {"labels": [..], "probabilities": {..}}}.
   */
  public static JsonObject prediction(float[] logits, List<String> labels, TaskInfo info) {
    Classification c = Classification.of(logits, labels, info);
    JsonObject o = new JsonObject();
    if (info.multiLabel()) {
      JsonArray chosen = new JsonArray();
      c.labels().forEach(chosen::add);
      o.add("labels", chosen);
    } else {
      o.addProperty("label", c.label());
    }
    JsonObject probs = new JsonObject();
    c.probabilities().forEach((k, v) -> probs.addProperty(k, (float) v.doubleValue()));
    o.add("probabilities", probs);
    return o;
  }

  static Scores.Scorer scorer(List<TextExample> examples, List<String> labels, TaskInfo info) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      ids.put(labels.get(i), i);
    }
    if (info.multiLabel()) {
      boolean[][] gold = new boolean[examples.size()][labels.size()];
      for (int i = 0; i < gold.length; i++) {
        for (String l : examples.get(i).labels()) {
          gold[i][ids.get(l)] = true;
        }
      }
      return outputs -> {
        double[][] probs = new double[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
          probs[i] = sigmoid(outputs[i]);
        }
        ClassificationReport r = MultiLabelMetrics.report(gold, probs, info.threshold(), labels);
        Map<String, Double> m = metrics(r);
        m.put("subset_accuracy", r.accuracy());
        m.put(
            "hamming_loss",
            MultiLabelMetrics.hammingLoss(
                gold, MultiLabelMetrics.threshold(probs, info.threshold())));
        return new Scores(m, ReportFormat.text(r, 4), dir -> writeReport(r, null, dir));
      };
    }
    int[] gold = new int[examples.size()];
    for (int i = 0; i < gold.length; i++) {
      gold[i] = ids.get(examples.get(i).label());
    }
    return outputs -> {
      int[] pred = new int[outputs.length];
      for (int i = 0; i < pred.length; i++) {
        pred[i] = RankingMetrics.argmax(toDouble(outputs[i]));
      }
      return score(gold, pred, labels);
    };
  }

  /**
   * Scores single-label predictions made by any classifier (e.g. nearest neighbours): the report,
   * metrics and files of {@code evaluate}.
   *
   * @param gold each example's true label, an index into {@code labels}
   * @param pred each example's predicted label, an index into {@code labels}
   */
  public static Scores score(int[] gold, int[] pred, List<String> labels) {
    ClassificationReport r = ClassificationMetrics.report(gold, pred, labels);
    ConfusionMatrix cm = ConfusionMatrix.of(gold, pred, labels);
    return new Scores(metrics(r), ReportFormat.text(r, 4), dir -> writeReport(r, cm, dir));
  }

  /** {@code accuracy}, {@code macro_f1}, {@code weighted_f1}, {@code micro_f1} and precisions. */
  static Map<String, Double> metrics(ClassificationReport r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", r.accuracy());
    m.put("macro_f1", r.macro().f1());
    m.put("weighted_f1", r.weighted().f1());
    m.put("micro_f1", r.micro().f1());
    m.put("macro_precision", r.macro().precision());
    m.put("macro_recall", r.macro().recall());
    return m;
  }

  /** {@code report.json}, {@code report.csv}, {@code report.txt} and the confusion heat maps. */
  static void writeReport(ClassificationReport r, ConfusionMatrix cm, Path dir) throws IOException {
    ReportFormat.writeJson(r, dir.resolve("report.json"));
    ReportFormat.writeCsv(r, dir.resolve("report.csv"));
    ReportFormat.writeText(ReportFormat.text(r, 4), dir.resolve("report.txt"));
    if (cm != null) {
      ConfusionHeatmap.write(cm, dir.resolve("confusion.png"), false);
      ConfusionHeatmap.write(cm, dir.resolve("confusion_normalized.png"), true);
    }
  }

  private static List<TextExample> readLabelled(Path file, FinetuneConfig c, String split)
      throws IOException {
    List<TextExample> examples = ClassificationReader.read(file, c.columns());
    if (examples.isEmpty()) {
      throw new BadInputException(file + ": the " + split + " file has no examples");
    }
    requireLabels(examples, file);
    return examples;
  }

  private static void requireLabels(List<TextExample> examples, Path file) {
    for (TextExample e : examples) {
      if (e.labels().isEmpty()) {
        throw new BadInputException(
            e.source() + ": the example has no label; every example of " + file + " needs one");
      }
    }
  }

  private static LabelVocabulary vocabulary(List<TextExample> train, boolean forceMulti) {
    if (!forceMulti) {
      return LabelVocabulary.fromTraining(train);
    }
    List<String> all = new ArrayList<>();
    train.forEach(e -> all.addAll(e.labels()));
    return LabelVocabulary.of(all, true);
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  static double[] softmax(float[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    double[] p = new double[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      p[i] = Math.exp(x[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < x.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static double[] sigmoid(float[] x) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = 1 / (1 + Math.exp(-x[i]));
    }
    return p;
  }
}
