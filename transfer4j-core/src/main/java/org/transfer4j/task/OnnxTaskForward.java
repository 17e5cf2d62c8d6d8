package org.transfer4j.task;

import ai.onnxruntime.OnnxTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.engine.OnnxSession;

/**
 * Runs a task head's ONNX export on padded batches, giving the same per-example logits as {@link
 * TaskForward} does on PyTorch: each batch's int64 inputs go to ONNX Runtime in one bulk copy and
 * its {@code logits} come back in one.
 *
 * <pre>{@code
 * float[][] out = OnnxTaskForward.outputs(session, false, examples, batcher, 64);
 * }</pre>
 */
public final class OnnxTaskForward {
  private OnnxTaskForward() {}

  /** One batch's flat row-major logits. */
  public static float[] logits(OnnxSession session, FineTuneBatch b) {
    long[] shape = b.inputShape().getShape();
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    in.put("input_ids", session.longs(b.inputIds(), shape));
    in.put("attention_mask", session.longs(b.attentionMask(), shape));
    if (session.inputNames().contains("token_type_ids")) {
      in.put("token_type_ids", session.longs(b.tokenTypeIds(), shape));
    }
    try (OnnxSession.Outputs out = session.run(in)) {
      return out.floats("logits");
    }
  }

  /** Every example's logits, in order. */
  public static float[][] outputs(
      OnnxSession session,
      boolean tokenLogits,
      List<EncodedExample> examples,
      FineTuneBatcher batcher,
      int batchSize) {
    return TaskForward.outputs(examples, batcher, batchSize, tokenLogits, b -> logits(session, b));
  }
}
