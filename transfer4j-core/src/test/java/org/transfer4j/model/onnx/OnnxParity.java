package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;

/** Exports a model, runs the export on ONNX Runtime and compares it with the PyTorch path. */
final class OnnxParity {
  private OnnxParity() {}

  /** ONNX output names to the names {@code forwardNamed} uses. */
  static final Map<String, String> TORCH_NAMES =
      Map.of(
          "prediction_logits", "mlm_logits", "seq_relationship_logits", "seq_relationship_logits");

  /**
   * Max |onnx - torch| per ONNX output, over every element (padding positions included: both paths
   * compute them the same way).
   */
  static Map<String, Double> compare(
      PretrainedModel model,
      long[] ids,
      long[] mask,
      long[] types,
      long[] shape,
      Path file,
      int opset)
      throws Exception {
    OnnxExport.write(model, file, opset);
    Map<String, NDArray> torch;
    Map<String, Double> diffs = new LinkedHashMap<>();
    try (NDManager m = model.manager().newSubManager();
        OnnxSession s = OnnxSession.open(file, OnnxSessionOptions.defaults().withThreads(1))) {
      boolean distil = "distilbert".equals(model.config().modelType());
      ModelInput in =
          new ModelInput(
              m.create(ids, new Shape(shape)),
              m.create(mask, new Shape(shape)),
              distil ? null : m.create(types, new Shape(shape)));
      model.train(false);
      torch = model.forwardNamed(in, OutputOptions.NONE);
      Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
      inputs.put("input_ids", s.longs(ids, shape));
      inputs.put("attention_mask", s.longs(mask, shape));
      if (!distil) {
        inputs.put("token_type_ids", s.longs(types, shape));
      }
      try (OnnxSession.Outputs out = s.run(inputs)) {
        for (String name : out.names()) {
          NDArray want = torch.get(TORCH_NAMES.getOrDefault(name, name));
          assertThat(want).as("torch output for " + name).isNotNull();
          assertThat(out.shape(name))
              .as(name + " shape")
              .containsExactly(want.getShape().getShape());
          float[] a = out.floats(name);
          float[] e = want.toFloatArray();
          double worst = 0;
          for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
          }
          diffs.put(name, worst);
        }
      }
    }
    return diffs;
  }
}
