package org.transfer4j.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.data.BucketBatcher;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.model.ConfigChecks;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelRegistry;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.classic.WordClassifierConfig;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.onnx.OnnxExport;
import org.transfer4j.model.onnx.OnnxModels;
import org.transfer4j.model.onnx.WeightsDigest;
import org.transfer4j.model.tagger.WordTaggerConfig;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.DataFingerprint;
import org.transfer4j.train.RunFolder;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.StepResult;
import org.transfer4j.train.Trainer;

/**
 * The run every task shares: tokenizer, data (all input checked before the output folder is
 * touched), the head model (pretrained weights with a load report, or fresh), the trainer with
 * validation metrics and best-checkpoint restore, then the Hugging Face folder, reports and test
 * scores.
 */
final class FinetuneRunner {
  private FinetuneRunner() {}

  /** What a task reads and encodes before any model work. */
  record Prepared(
      TaskInfo info,
      Labels labels,
      List<EncodedExample> train,
      List<EncodedExample> validation,
      Scores.Scorer validationScorer,
      List<EncodedExample> test,
      Scores.Scorer testScorer) {}

  /** Reads and encodes the splits; throws {@link BadInputException} on bad input. */
  @FunctionalInterface
  interface Preparer {
    Prepared prepare(TaskEncoders encoders) throws IOException;
  }

  static FinetuneResult run(FinetuneConfig c, TaskKind kind, Preparer preparer) throws IOException {
    java.util.List<Path> inputs = new java.util.ArrayList<>();
    inputs.add(c.pretrained());
    inputs.add(c.tokenizerPath());
    try (RunFolder folder =
        RunFolder.claim(c.output(), c.trainer().resume(), c.trainer().overwrite(), inputs)) {
      return runClaimed(c, kind, preparer);
    }
  }

  private static FinetuneResult runClaimed(FinetuneConfig c, TaskKind kind, Preparer preparer)
      throws IOException {
    Bootstrap.engine();
    // A word-vector classifier (DAN, BiLSTM, CNN) brings its own word tokenizer and model.
    WordModelSetup words = c.wordModel() == null ? null : wordModel(c, kind);
    // A BiLSTM tagger on word vectors brings its own character tokenizer and model.
    WordTaggerSetup tagger = c.tagger() == null ? null : tagger(c, kind);
    boolean own = words != null || tagger != null;
    Tokenizer tokenizer =
        words != null
            ? words.tokenizer
            : tagger != null ? tagger.tokenizer : Tokenizer.load(c.tokenizerPath());
    ModelConfig base =
        own
            ? null
            : c.pretrained() != null
                ? HfModels.readConfig(c.pretrained())
                : scratchConfig(c.scratch(), tokenizer);
    if (!own) {
      ConfigChecks.tokenizerFits(tokenizer.vocabSize(), base, c.tokenizerPath());
    }
    String arch = own ? null : kind.architecture(base.modelType());
    if (c.crf()) {
      if (kind != TaskKind.TAG || own || !"bert".equals(base.modelType())) {
        throw new BadInputException(
            "--crf with --model applies to finetune tag on BERT models (model_type bert)");
      }
      arch = org.transfer4j.model.bert.BertCrfForTokenClassification.NAME;
    }
    int maxLength =
        words != null
            ? words.maxLength
            : tagger != null
                ? WordTaggerSetup.MAX_LENGTH
                : Math.min(c.maxLength(), maxPositions(base));
    TaskEncoders encoders = TaskEncoders.of(tokenizer, maxLength);
    Prepared p = preparer.prepare(encoders);
    ModelConfig config =
        words != null
            ? words.config(p.labels())
            : tagger != null
                ? tagger.config(p.labels(), c.scheme())
                : withPooling(withLabels(base, p.labels()), c.pooling(), kind);
    int pad = encoders.specials().pad();
    boolean tokenLogits = kind == TaskKind.TAG;

    Bootstrap.seed(c.trainer().seed());
    try (NDManager manager = NDManager.newBaseManager()) {
      PretrainedModel model;
      LoadReport report = null;
      if (words != null) {
        model = words.create((WordClassifierConfig) config, manager);
        c.log().println(words.summary);
      } else if (tagger != null) {
        model = tagger.create((WordTaggerConfig) config, manager, c);
        c.log().println(tagger.summary);
      } else if (c.pretrained() != null) {
        HfModels.Loaded loaded =
            HfModels.load(
                c.pretrained(),
                config,
                ModelRegistry.architecture(arch).type(),
                manager,
                LoadOptions.IGNORE_MISMATCHED_SIZES);
        model = loaded.model();
        report = loaded.report();
        c.log().println(report.summary());
      } else {
        model = HfModels.create(config, arch, manager);
        c.log().println("training " + arch + " from scratch (no pretrained weights)");
      }
      if (c.crf() && CrfSteps.crfOf(model) != null) {
        List<String> tags = p.labels().names();
        CrfSteps.crfOf(model)
            .constrain(
                c.crfConstraints()
                    ? org.transfer4j.nn.crf.TransitionConstraints.of(tags, c.scheme())
                    : org.transfer4j.nn.crf.TransitionConstraints.none(tags.size()));
      }
      StepFunction<FineTuneBatch> step = (b, m) -> loss(model, b, m);
      Trainer.Result training;
      try (Trainer<FineTuneBatch> trainer =
          Trainer.builder(
                  model,
                  step,
                  ExampleBatches.training(p.train(), c.trainer().batchSize(), pad),
                  c.trainer().toBuilder().dataFingerprint(DataFingerprint.of(inputs(c))).build())
              .validation(
                  ExampleBatches.inOrder(p.validation(), c.evalBatchSize(), pad),
                  () -> new TaskEvaluation(p.validation(), p.validationScorer(), tokenLogits))
              .saver(new HfSaver(model))
              .progress(c.log(), false)
              .build()) {
        training = trainer.fit();
      } finally {
        if (tagger != null) {
          tagger.close(); // the contextual feature cache
        }
      }
      Path out = c.output();
      HfModels.save(model, out);
      if (p.info().multiLabel()) {
        ConfigJson json = ConfigJson.read(out);
        JsonObject o = json.json();
        o.addProperty("problem_type", "multi_label_classification");
        ConfigJson.write(o, out.resolve(ConfigJson.FILE_NAME));
      }
      tokenizer.save(out);
      p.info().write(out);
      if (c.onnxExport() && OnnxModels.exportable(config.modelType(), model.architecture())) {
        // Beside the best model, with the digest of the weights just saved, so TaskModel uses it.
        OnnxExport.write(
            model,
            out.resolve(OnnxExport.FILE),
            OnnxExport.DEFAULT_OPSET,
            Map.of(WeightsDigest.KEY, WeightsDigest.of(out)));
      }
      if (report != null) {
        ReportFormat.writeText(
            report.summary() + System.lineSeparator(), out.resolve("load_report.txt"));
      }
      FineTuneBatcher batcher = new FineTuneBatcher(pad, BucketBatcher.bucketed(c.evalBatchSize()));
      Scores valid =
          p.validationScorer()
              .score(TaskForward.outputs(model, p.validation(), batcher, c.evalBatchSize()));
      valid.files().write(out.resolve("report").resolve("validation"));
      Map<String, Double> testMetrics = Map.of();
      if (p.test() != null) {
        Scores test =
            p.testScorer().score(TaskForward.outputs(model, p.test(), batcher, c.evalBatchSize()));
        c.log().println("test:");
        c.log().print(test.text());
        test.files().write(out.resolve("report").resolve("test"));
        testMetrics = test.metrics();
      }
      writeMetrics(out.resolve("report").resolve("metrics.json"), valid.metrics(), testMetrics);
      return new FinetuneResult(out, valid.metrics(), testMetrics, report, training);
    }
  }

  private static WordModelSetup wordModel(FinetuneConfig c, TaskKind kind) throws IOException {
    if (kind != TaskKind.CLASSIFY) {
      throw new BadInputException("--arch dan|bilstm|cnn applies to finetune classify only");
    }
    if (c.pooling() != null) {
      throw new BadInputException(
          "--pooling applies to BERT models; the word models pool their own way");
    }
    return WordModelSetup.prepare(c);
  }

  private static WordTaggerSetup tagger(FinetuneConfig c, TaskKind kind) throws IOException {
    if (kind != TaskKind.TAG) {
      throw new BadInputException("--arch bilstm|bilstm-crf applies to finetune tag only");
    }
    return WordTaggerSetup.prepare(c);
  }

  private static List<Path> inputs(FinetuneConfig c) {
    return java.util.Arrays.asList(c.train(), c.validation());
  }

  /** The mean loss of a batch: cross-entropy, or binary cross-entropy for multi-hot labels. */
  static StepResult loss(PretrainedModel model, FineTuneBatch b, NDManager m) {
    org.transfer4j.nn.crf.LinearChainCrf crf = CrfSteps.crfOf(model);
    if (crf != null) {
      return CrfSteps.loss(model, crf, b, m);
    }
    NDArray logits = TaskForward.logits(model, b, m);
    NDArray labels = m.create(b.labels(), b.labelShape());
    if (b.kind() == EncodedExample.Kind.MULTI_HOT) {
      return StepResult.of(Losses.binaryCrossEntropy(logits, labels), b.batchSize(), logits);
    }
    long valid = 0;
    for (long l : b.labels()) {
      if (l >= 0) {
        valid++;
      }
    }
    long classes = logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray loss = Losses.crossEntropy(logits.reshape(-1, classes), labels.reshape(-1), valid);
    return StepResult.of(loss, Math.max(1, valid), logits);
  }

  private static void writeMetrics(Path file, Map<String, Double> valid, Map<String, Double> test)
      throws IOException {
    JsonObject o = new JsonObject();
    o.add("validation", toJson(valid));
    o.add("test", toJson(test));
    java.nio.file.Files.createDirectories(file.getParent());
    ReportFormat.writeText(ReportFormat.jsonText(o), file);
  }

  static JsonObject toJson(Map<String, Double> m) {
    JsonObject o = new JsonObject();
    new java.util.TreeMap<>(m).forEach(o::addProperty);
    return o;
  }

  private static ModelConfig scratchConfig(ModelConfig scratch, Tokenizer tokenizer) {
    if (scratch instanceof BertConfig b) {
      return b.withVocabSize(tokenizer.vocabSize());
    }
    throw new BadInputException(
        "--from-scratch supports BERT configs only (tiny, mini, small, medium, base or a BERT"
            + " config.json)");
  }

  private static int maxPositions(ModelConfig c) {
    if (c instanceof BertConfig b) {
      return b.maxPositionEmbeddings();
    }
    if (c instanceof DistilBertConfig d) {
      return d.maxPositionEmbeddings();
    }
    return Integer.MAX_VALUE;
  }

  private static ModelConfig withPooling(ModelConfig c, String pooling, TaskKind kind) {
    if (pooling == null) {
      return c;
    }
    if (kind != TaskKind.CLASSIFY) {
      throw new BadInputException("--pooling applies to finetune classify only");
    }
    if (c instanceof BertConfig b) {
      return b.withClassifierPooling(pooling);
    }
    if (pooling.equals(BertConfig.POOLING_MEAN)) {
      throw new BadInputException(
          "--pooling mean is supported for BERT models; model_type '"
              + c.modelType()
              + "' classifies from [CLS]");
    }
    return c;
  }

  static ModelConfig withLabels(ModelConfig c, Labels labels) {
    if (c instanceof BertConfig b) {
      return b.withLabels(labels);
    }
    if (c instanceof DistilBertConfig d) {
      return d.withLabels(labels);
    }
    throw new BadInputException("model_type '" + c.modelType() + "' cannot be fine-tuned");
  }
}
