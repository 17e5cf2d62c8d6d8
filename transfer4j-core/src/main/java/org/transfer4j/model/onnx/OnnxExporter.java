package org.transfer4j.model.onnx;

import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.PretrainedModel;

/**
 * Writes one model family's forward pass as an ONNX graph, with the input and output names of
 * Hugging Face's exporters ({@code input_ids}, {@code attention_mask}, {@code token_type_ids};
 * {@code last_hidden_state}, {@code logits}, ...) and symbolic {@code batch}/{@code sequence} axes.
 * {@link OnnxExport} picks the exporter by {@code model_type}.
 *
 * <pre>{@code
 * OnnxGraphBuilder b = new OnnxGraphBuilder("bert", 17);
 * new BertOnnxExporter().build(model, b);
 * b.write(Path.of("out/model.onnx"));
 * }</pre>
 */
public interface OnnxExporter {
  /**
   * Adds the inputs, initializers, nodes and outputs of {@code model} (in evaluation mode: no
   * dropout) to {@code builder}.
   *
   * @throws org.transfer4j.BadInputException when this architecture cannot be exported
   */
  void build(PretrainedModel model, OnnxGraphBuilder builder);
}
