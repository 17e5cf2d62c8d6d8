package org.transfer4j.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.ExampleEncoder;
import org.transfer4j.data.MultipleChoiceExample;
import org.transfer4j.data.SwagReader;
import org.transfer4j.eval.ClassificationMetrics;
import org.transfer4j.eval.ClassificationReport;
import org.transfer4j.eval.ConfusionMatrix;
import org.transfer4j.eval.RankingMetrics;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.model.Labels;

/**
 * Multiple choice on SWAG-style data (Zellers et al., 2018; Devlin et al., 2019, section 4.4): each
 * choice is encoded as {@code [CLS] sent1 [SEP] sent2 ending_i [SEP]} with segment ids, scored by
 * one linear unit on its pooled vector, and the scores of an example's choices share one softmax.
 *
 * <pre>{@code
 * FinetuneResult r = ChoiceTask.run(FinetuneConfig.builder(trainer).pretrained(dir)
 *     .train(Path.of("train.csv")).validation(Path.of("val.csv")).build());
 * }</pre>
 */
public final class ChoiceTask {
  private ChoiceTask() {}

  /** Fine-tunes, saves the folder and reports; see {@link FinetuneConfig}. */
  public static FinetuneResult run(FinetuneConfig c) throws IOException {
    return FinetuneRunner.run(
        c,
        TaskKind.CHOICE,
        enc -> {
          List<MultipleChoiceExample> train = read(c.train(), "training");
          List<MultipleChoiceExample> valid = read(c.validation(), "validation");
          List<MultipleChoiceExample> test = c.test() == null ? null : read(c.test(), "test");
          TaskInfo info =
              new TaskInfo(
                  TaskKind.CHOICE,
                  false,
                  c.threshold(),
                  enc.maxLength(),
                  c.scheme(),
                  c.columns(),
                  c.tagColumn());
          c.log()
              .printf(
                  "%d training examples with %d choices%n",
                  train.size(), train.get(0).endings().size());
          return new FinetuneRunner.Prepared(
              info,
              Labels.numbered(2),
              ExampleEncoder.multipleChoice(train, enc.pairs()),
              ExampleEncoder.multipleChoice(valid, enc.pairs()),
              scorer(valid),
              test == null ? null : ExampleEncoder.multipleChoice(test, enc.pairs()),
              test == null ? null : scorer(test));
        });
  }

  /** Scores a labelled SWAG file with a fine-tuned multiple-choice model. */
  public static Scores evaluate(TaskModel m, Path data, int batchSize) throws IOException {
    List<MultipleChoiceExample> examples = read(data, "evaluation");
    return scorer(examples).score(m.outputs(encode(m, examples), batchSize));
  }

  /** Model inputs of examples, labels ignored. */
  public static List<EncodedExample> encode(TaskModel m, List<MultipleChoiceExample> examples) {
    return examples.stream()
        .parallel()
        .map(e -> EncodedExample.choices(e.encode(m.encoders().pairs()), -1))
        .toList();
  }

  /** One prediction as JSON: {@code {"choice": i, "probabilities": [..]}}. */
  public static JsonObject prediction(float[] logits) {
    double[] p = ClassificationTask.softmax(logits);
    JsonObject o = new JsonObject();
    o.addProperty("choice", RankingMetrics.argmax(p));
    JsonArray a = new JsonArray();
    for (double v : p) {
      a.add((float) v);
    }
    o.add("probabilities", a);
    return o;
  }

  static Scores.Scorer scorer(List<MultipleChoiceExample> examples) {
    int choices = examples.get(0).endings().size();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < choices; i++) {
      names.add(Integer.toString(i));
    }
    int[] gold = examples.stream().mapToInt(MultipleChoiceExample::label).toArray();
    return outputs -> {
      int[] pred = new int[outputs.length];
      for (int i = 0; i < pred.length; i++) {
        pred[i] = RankingMetrics.argmax(ClassificationTask.toDouble(outputs[i]));
      }
      ClassificationReport r = ClassificationMetrics.report(gold, pred, names);
      ConfusionMatrix cm = ConfusionMatrix.of(gold, pred, names);
      return new Scores(
          Map.of("accuracy", r.accuracy()),
          ReportFormat.text(r, 4),
          dir -> ClassificationTask.writeReport(r, cm, dir));
    };
  }

  private static List<MultipleChoiceExample> read(Path file, String split) throws IOException {
    List<MultipleChoiceExample> examples = SwagReader.read(file);
    if (examples.isEmpty()) {
      throw new BadInputException(file + ": the " + split + " file has no examples");
    }
    int choices = examples.get(0).endings().size();
    for (MultipleChoiceExample e : examples) {
      if (e.label() < 0) {
        throw new BadInputException(
            e.source() + ": the example has no label; every " + split + " example needs one");
      }
      if (e.endings().size() != choices) {
        throw new BadInputException(
            e.source()
                + ": "
                + e.endings().size()
                + " endings but the file's first row has "
                + choices);
      }
      if (e.label() >= choices) {
        throw new BadInputException(
            e.source()
                + ": label "
                + e.label()
                + " but there are only "
                + choices
                + " endings (0.."
                + (choices - 1)
                + ")");
      }
    }
    return examples;
  }
}
