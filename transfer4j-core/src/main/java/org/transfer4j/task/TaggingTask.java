package org.transfer4j.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ConllReader;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.ExampleEncoder;
import org.transfer4j.data.LabelAlignment;
import org.transfer4j.data.LabelVocabulary;
import org.transfer4j.data.TaggedSentence;
import org.transfer4j.eval.ConfusionMatrix;
import org.transfer4j.eval.ConllEval;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.eval.SpanReport;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.Labels;

/**
 * Token tagging such as NER (Devlin et al., 2019, section 5.3): a linear layer on every token's
 * final hidden state; only the first sub-token of a word carries the word's label (-100 on the
 * rest), predictions are read back per word from its first sub-token, and spans are scored as the
 * CoNLL {@code conlleval} script does.
 *
 * <pre>{@code
 * FinetuneResult r = TaggingTask.run(FinetuneConfig.builder(trainer).pretrained(dir)
 *     .train(Path.of("train.conll")).validation(Path.of("dev.conll")).scheme(TagScheme.IOB2).build());
 * double f1 = r.testMetrics().get("f1");
 * }</pre>
 */
public final class TaggingTask {
  private TaggingTask() {}

  /** Fine-tunes, saves the folder and reports; see {@link FinetuneConfig}. */
  public static FinetuneResult run(FinetuneConfig c) throws IOException {
    return FinetuneRunner.run(
        c,
        TaskKind.TAG,
        enc -> {
          List<TaggedSentence> train = read(c.train(), c.tagColumn(), "training");
          List<TaggedSentence> valid = read(c.validation(), c.tagColumn(), "validation");
          List<TaggedSentence> test =
              c.test() == null ? null : read(c.test(), c.tagColumn(), "test");
          LabelVocabulary tags = LabelVocabulary.fromTags(train);
          requireScheme(tags.labels(), c.scheme(), c.train());
          tags.requireKnownTags(valid, "validation (" + c.validation() + ")");
          if (test != null) {
            tags.requireKnownTags(test, "test (" + c.test() + ")");
          }
          TaskInfo info =
              new TaskInfo(
                  TaskKind.TAG,
                  false,
                  c.threshold(),
                  enc.maxLength(),
                  c.scheme(),
                  c.columns(),
                  c.tagColumn());
          c.log().printf("%d training sentences, tags %s%n", train.size(), tags.labels());
          List<EncodedExample> validEx = ExampleEncoder.tagging(valid, enc::words, tags);
          List<EncodedExample> testEx =
              test == null ? null : ExampleEncoder.tagging(test, enc::words, tags);
          return new FinetuneRunner.Prepared(
              info,
              Labels.of(tags.labels()),
              ExampleEncoder.tagging(train, enc::words, tags),
              validEx,
              scorer(valid, validEx, tags.labels(), c.scheme()),
              testEx,
              test == null ? null : scorer(test, testEx, tags.labels(), c.scheme()));
        });
  }

  /** Scores a CoNLL file with a fine-tuned tagger. */
  public static Scores evaluate(TaskModel m, Path data, int batchSize) throws IOException {
    List<TaggedSentence> sentences = read(data, m.info().tagColumn(), "evaluation");
    LabelVocabulary.of(m.labels(), false).requireKnownTags(sentences, data.toString());
    List<EncodedExample> ex = encode(m, words(sentences));
    return scorer(sentences, ex, m.labels(), m.info().scheme()).score(m.outputs(ex, batchSize));
  }

  /** Model inputs of sentences given as words. */
  public static List<EncodedExample> encode(TaskModel m, List<List<String>> sentences) {
    return sentences.stream()
        .parallel()
        .map(w -> EncodedExample.unlabeled(m.encoders().words(w)))
        .toList();
  }

  /** One prediction as JSON: {@code {"words": [..], "tags": [..]}}. */
  public static JsonObject prediction(
      List<String> words, EncodedExample encoded, float[] logits, List<String> labels) {
    List<String> tags = wordTags(encoded, logits, labels, words.size());
    JsonObject o = new JsonObject();
    JsonArray w = new JsonArray();
    words.forEach(w::add);
    JsonArray t = new JsonArray();
    tags.forEach(t::add);
    o.add("words", w);
    o.add("tags", t);
    return o;
  }

  /**
   * Each word's tag from its first sub-token's logits; a word truncated away gets {@code O} (or the
   * first label when there is no {@code O}).
   */
  public static List<String> wordTags(
      EncodedExample encoded, float[] logits, List<String> labels, int words) {
    int n = labels.size();
    Integer[] wordIds = encoded.inputs().get(0).wordIds();
    int[] tokenPred = new int[wordIds.length];
    for (int t = 0; t < wordIds.length; t++) {
      int best = 0;
      for (int k = 1; k < n; k++) {
        if (logits[t * n + k] > logits[t * n + best]) {
          best = k;
        }
      }
      tokenPred[t] = best;
    }
    int[] wordPred = LabelAlignment.toWords(wordIds, tokenPred, words);
    String fallback = labels.contains("O") ? "O" : labels.get(0);
    List<String> out = new ArrayList<>(words);
    for (int p : wordPred) {
      out.add(p < 0 ? fallback : labels.get(p));
    }
    return out;
  }

  static Scores.Scorer scorer(
      List<TaggedSentence> sentences,
      List<EncodedExample> encoded,
      List<String> labels,
      TagScheme scheme) {
    return outputs -> {
      List<List<String>> gold = new ArrayList<>();
      List<List<String>> pred = new ArrayList<>();
      List<String> goldFlat = new ArrayList<>();
      List<String> predFlat = new ArrayList<>();
      for (int i = 0; i < sentences.size(); i++) {
        TaggedSentence s = sentences.get(i);
        List<String> p = wordTags(encoded.get(i), outputs[i], labels, s.words().size());
        gold.add(s.tags());
        pred.add(p);
        goldFlat.addAll(s.tags());
        predFlat.addAll(p);
      }
      SpanReport r = ConllEval.evaluate(gold, pred, scheme);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("f1", r.overall().f1());
      m.put("precision", r.overall().precision());
      m.put("recall", r.overall().recall());
      m.put("accuracy", r.accuracy());
      String text = r.conllevalText();
      return new Scores(
          m,
          text,
          dir -> {
            ReportFormat.writeText(text, dir.resolve("conlleval.txt"));
            ClassificationTask.writeReport(
                r.toClassificationReport(),
                ConfusionMatrix.ofNames(goldFlat, predFlat, labels),
                dir);
          });
    };
  }

  static List<List<String>> words(List<TaggedSentence> sentences) {
    return sentences.stream().map(TaggedSentence::words).toList();
  }

  private static List<TaggedSentence> read(Path file, int tagColumn, String split)
      throws IOException {
    List<TaggedSentence> s = ConllReader.read(file, tagColumn);
    if (s.isEmpty()) {
      throw new BadInputException(file + ": the " + split + " file has no sentences");
    }
    return s;
  }

  private static void requireScheme(List<String> tags, TagScheme scheme, Path file) {
    for (String t : tags) {
      try {
        scheme.parseTag(t);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            file
                + ": tag '"
                + t
                + "' does not belong to the "
                + scheme.name().toLowerCase(java.util.Locale.ROOT)
                + " scheme; choose the scheme with --scheme io|iob1|iob2|iobes");
      }
    }
  }
}
