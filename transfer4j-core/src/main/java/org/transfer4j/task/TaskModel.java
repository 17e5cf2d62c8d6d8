package org.transfer4j.task;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.data.BucketBatcher;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.model.ConfigChecks;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelRegistry;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.onnx.OnnxModels;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A fine-tuned folder loaded for evaluation and prediction: the head, its tokenizer, its labels and
 * {@code task.json}. The head runs on ONNX Runtime when the options allow it and the model can be
 * exported (BERT, DistilBERT; see {@link InferenceOptions}), else on PyTorch (in evaluation mode).
 * With ONNX Runtime the PyTorch model is only loaded if {@link #model()} is called (or to write the
 * export once, into the cache), so a folder holding just {@code model.onnx}, config, tokenizer and
 * {@code task.json} predicts too.
 *
 * <pre>{@code
 * try (TaskModel m = TaskModel.load(Path.of("out"))) { // ONNX Runtime when possible
 *   Scores s = ClassificationTask.evaluate(m, Path.of("test.csv"), 64);
 * }
 * try (TaskModel m = TaskModel.load(Path.of("out"), InferenceOptions.parse("torch", 2))) { ... }
 * }</pre>
 */
public final class TaskModel implements AutoCloseable {
  private final Path dir;
  private final ModelConfig config;
  private final String architecture;
  private final TaskInfo info;
  private final TaskEncoders encoders;
  private final OnnxSession session;
  private NDManager manager;
  private PretrainedModel model;

  private TaskModel(
      Path dir,
      ModelConfig config,
      String architecture,
      TaskInfo info,
      TaskEncoders enc,
      OnnxSession session) {
    this.dir = dir;
    this.config = config;
    this.architecture = architecture;
    this.info = info;
    this.encoders = enc;
    this.session = session;
  }

  /** Loads the folder for the default engine ({@link InferenceOptions#defaults()}). */
  public static TaskModel load(Path dir) throws IOException {
    return load(dir, InferenceOptions.defaults());
  }

  /** Loads {@code config.json}, the tokenizer, {@code task.json} and the head for the engine. */
  public static TaskModel load(Path dir, InferenceOptions options) throws IOException {
    TaskInfo info = TaskInfo.read(dir);
    Tokenizer tokenizer = Tokenizer.load(dir);
    ModelConfig config = HfModels.readConfig(dir);
    ConfigChecks.tokenizerFits(tokenizer.vocabSize(), config, dir);
    String architecture = ModelRegistry.architectureFor(config).name();
    if (TaskKind.ofArchitecture(architecture) != info.kind()) {
      throw new BadInputException(
          dir + ": task.json says " + info.kind().id() + " but the model is " + architecture);
    }
    TaskEncoders enc = TaskEncoders.of(tokenizer, info.maxLength());
    boolean onnx = OnnxModels.exportable(config.modelType(), architecture);
    if (options.engine() == InferenceOptions.Engine.ONNX && !onnx) {
      throw new BadInputException(
          "--engine onnx: "
              + dir
              + " is a "
              + config.modelType()
              + " model, which cannot be exported to ONNX; use --engine torch");
    }
    if (options.engine() == InferenceOptions.Engine.TORCH || !onnx) {
      TaskModel m = new TaskModel(dir, config, architecture, info, enc, null);
      m.model(); // load now: errors in the weights surface at load time, as before
      return m;
    }
    OnnxSession s =
        OnnxModels.open(
            dir, architecture, config, options.sessionOptions(), m -> loadTorch(dir, m));
    try {
      long width = info.kind() == TaskKind.CHOICE ? -1 : config.labels().size();
      OnnxModels.requireOutput(s, "logits", width);
      return new TaskModel(dir, config, architecture, info, enc, s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static PretrainedModel loadTorch(Path dir, NDManager manager) throws IOException {
    Bootstrap.engine();
    PretrainedModel model = HfModels.loadWithReport(dir, manager, LoadOptions.DEFAULTS).model();
    model.train(false);
    return model;
  }

  /**
   * The PyTorch head (in evaluation mode), loaded on first call when the model runs on ONNX
   * Runtime.
   */
  public synchronized PretrainedModel model() {
    if (model == null) {
      NDManager m = NDManager.newBaseManager();
      try {
        model = loadTorch(dir, m);
        manager = m;
      } catch (IOException e) {
        m.close();
        throw new java.io.UncheckedIOException(e);
      } catch (RuntimeException e) {
        m.close();
        throw e;
      }
    }
    return model;
  }

  /** {@code onnx} or {@code torch}: the runtime that computes {@link #outputs}. */
  public String engine() {
    return session != null ? "onnx" : "torch";
  }

  /** The ONNX Runtime session, or null on PyTorch. */
  public OnnxSession session() {
    return session;
  }

  /** The head's class name ({@code architectures}), e.g. {@code BertForSequenceClassification}. */
  public String architecture() {
    return architecture;
  }

  public TaskInfo info() {
    return info;
  }

  public TaskEncoders encoders() {
    return encoders;
  }

  /** The head's labels in id order ({@code id2label}). */
  public List<String> labels() {
    return config.labels().names();
  }

  /** Every example's logits, in order. */
  public float[][] outputs(List<EncodedExample> examples, int batchSize) {
    if (examples.isEmpty()) {
      return new float[0][];
    }
    FineTuneBatcher batcher =
        new FineTuneBatcher(encoders.specials().pad(), BucketBatcher.bucketed(batchSize));
    if (session != null) {
      boolean tokenLogits = info.kind() == TaskKind.TAG;
      return OnnxTaskForward.outputs(session, tokenLogits, examples, batcher, batchSize);
    }
    return TaskForward.outputs(model(), examples, batcher, batchSize);
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
    }
    if (manager != null) {
      manager.close();
    }
  }
}
