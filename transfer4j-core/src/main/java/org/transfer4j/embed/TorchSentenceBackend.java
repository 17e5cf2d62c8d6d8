package org.transfer4j.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.model.CheckpointSource;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.WeightLoader;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.distilbert.DistilBertModel;
import org.transfer4j.nn.Scalars;

/**
 * Sentence vectors on PyTorch: the folder's BERT or DistilBERT encoder (a head model's {@code
 * bert.}/{@code distilbert.} weights are fine), each batch in its own sub-manager without gradient
 * recording.
 *
 * <pre>{@code
 * try (TorchSentenceBackend b = new TorchSentenceBackend(TorchSentenceBackend.encoder(dir, config, m), m, o)) {
 *   float[] v = b.vectors(ids, mask, rows, seq);
 * }
 * }</pre>
 */
final class TorchSentenceBackend implements SentenceBackend {
  private final NDManager manager;
  private final PretrainedModel model;
  private final EncoderOptions options;

  TorchSentenceBackend(PretrainedModel model, NDManager manager, EncoderOptions options) {
    this.manager = manager;
    this.model = model;
    this.options = options;
  }

  /**
   * The folder's encoder ({@code BertModel} without pooler, or {@code DistilBertModel}) with its
   * weights, in evaluation mode.
   *
   * @throws BadInputException when the checkpoint lacks encoder tensors
   */
  static PretrainedModel encoder(Path dir, ModelConfig config, NDManager manager)
      throws IOException {
    Bootstrap.engine();
    PretrainedModel model =
        config instanceof BertConfig c
            ? new BertModel(c, manager, false)
            : new DistilBertModel((DistilBertConfig) config, manager);
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      LoadReport report =
          WeightLoader.load(model, new CheckpointSource(ckpt), LoadOptions.DEFAULTS);
      if (!report.missing().isEmpty()) {
        throw new BadInputException(
            dir
                + ": the checkpoint lacks "
                + report.missing().size()
                + " encoder tensor(s), e.g. "
                + report.missing().get(0)
                + "; sentence vectors need a trained encoder, not a fresh one");
      }
    }
    model.train(false);
    return model;
  }

  @Override
  public float[] vectors(long[] flatIds, long[] flatMask, int rows, int seq) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false); // inference only: no autograd graph (grad mode is per thread)
    try (NDManager sub = manager.newSubManager()) {
      Shape shape = new Shape(rows, seq);
      NDArray idArray = sub.create(flatIds, shape); // (batch, seq)
      NDArray mask = sub.create(flatMask, shape); // (batch, seq)
      boolean distil = model instanceof DistilBertModel;
      // DistilBERT has no segment embeddings (Sanh et al., 2019); BERT's are all 0 for one text.
      NDArray types = distil ? null : sub.create(new long[rows * seq], shape);
      ModelInput in = new ModelInput(idArray, mask, types);
      NDArray hidden =
          distil
              ? ((DistilBertModel) model).forward(in, OutputOptions.NONE).hidden()
              : ((BertModel) model).forward(in, OutputOptions.NONE).hidden(); // (batch, seq, h)
      NDArray v = options.pooling().pool(hidden, mask); // (batch, hidden)
      if (options.normalize()) {
        // As torch.nn.functional.normalize: x / max(||x||, 1e-12).
        v = v.div(Scalars.maximum(v.norm(new int[] {1}, true), 1e-12)); // (batch, hidden)
      }
      return v.toFloatArray();
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  @Override
  public String engine() {
    return "torch";
  }

  @Override
  public void close() {
    manager.close();
  }
}
