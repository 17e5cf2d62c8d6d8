package org.transfer4j.model.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxGraph;
import org.transfer4j.io.onnx.OnnxTensors;
import org.transfer4j.io.onnx.proto.Onnx.AttributeProto;
import org.transfer4j.io.onnx.proto.Onnx.NodeProto;
import org.transfer4j.io.onnx.proto.Onnx.TensorProto;

/**
 * Names every weight of an encoder exported to ONNX by Hugging Face's exporters ({@code
 * torch.onnx}, optimum) with its PyTorch name. Embeddings, LayerNorm parameters and biases keep
 * their names ({@code encoder.layer.0.attention.self.query.bias}); each projection weight becomes
 * an anonymous initializer ({@code onnx::MatMul_787}, stored {@code [in, out]}) read by a {@code
 * MatMul}, so its name is found by walking the graph: the {@code Add} that takes the {@code
 * MatMul}'s output and a named bias gives {@code ...query.bias}, hence {@code ...query.weight}.
 * Never by position: exporters order initializers as they please.
 *
 * <pre>{@code
 * Map<String, Weight> w = OnnxWeightNames.resolve(graph, "");
 * w.get("encoder.layer.0.attention.self.query.weight").transposed(); // true: stored [in, out]
 * }</pre>
 */
public final class OnnxWeightNames {
  private OnnxWeightNames() {}

  /**
   * A named weight.
   *
   * @param initializer the ONNX initializer's own name
   * @param transposed whether it is stored {@code [in, out]} (a MatMul operand)
   */
  public record Weight(TensorProto tensor, String initializer, boolean transposed) {}

  /**
   * The float initializers with more than one element, by PyTorch name without {@code prefix} (for
   * example {@code "bert."}); integer constants and float scalars are graph constants.
   *
   * @throws BadInputException naming the tensor that gets no name or two, or the node that breaks
   *     the pattern
   */
  public static Map<String, Weight> resolve(OnnxGraph g, String prefix) {
    Map<String, Weight> out = new LinkedHashMap<>();
    for (TensorProto t : g.initializers().values()) {
      if (!OnnxTensors.isFloat(t) || OnnxTensors.numel(t) <= 1) {
        continue;
      }
      Weight w;
      String name;
      if (isPyTorchName(t.getName(), prefix)) {
        name = t.getName().substring(prefix.length());
        w = new Weight(t, t.getName(), false);
      } else {
        NodeProto reader = projection(g, t.getName());
        String bias = biasAfter(g, reader, t.getName(), prefix);
        name = bias.substring(prefix.length(), bias.length() - "bias".length()) + "weight";
        boolean stored = reader.getOpType().equals("MatMul") || !transB(reader);
        w = new Weight(t, t.getName(), stored);
      }
      Weight before = out.putIfAbsent(name, w);
      if (before != null) {
        throw new BadInputException(
            g.source()
                + ": tensors "
                + before.initializer()
                + " and "
                + t.getName()
                + " both map to parameter "
                + name
                + "; the graph is not a plain BERT export");
      }
    }
    return out;
  }

  private static boolean isPyTorchName(String name, String prefix) {
    return name.startsWith(prefix)
        && !name.startsWith("onnx::")
        && (name.endsWith(".weight") || name.endsWith(".bias"));
  }

  /** The MatMul (or Gemm) reading the tensor as its weight operand. */
  private static NodeProto projection(OnnxGraph g, String tensor) {
    for (NodeProto n : g.consumers(tensor)) {
      if ((n.getOpType().equals("MatMul") || n.getOpType().equals("Gemm"))
          && n.getInputCount() >= 2
          && n.getInput(1).equals(tensor)) {
        return n;
      }
    }
    throw new BadInputException(
        g.source()
            + ": tensor "
            + tensor
            + " fits no BERT parameter: it has no PyTorch name (such as"
            + " encoder.layer.0.output.dense.bias) and is not the weight of a MatMul");
  }

  /** The named bias added to the projection's output: Gemm's third input, or the Add after it. */
  private static String biasAfter(OnnxGraph g, NodeProto proj, String tensor, String prefix) {
    if (proj.getOpType().equals("Gemm") && proj.getInputCount() >= 3) {
      if (isPyTorchName(proj.getInput(2), prefix) && proj.getInput(2).endsWith(".bias")) {
        return proj.getInput(2);
      }
    }
    for (NodeProto add : g.consumers(proj.getOutput(0))) {
      if (!add.getOpType().equals("Add")) {
        continue;
      }
      for (String in : add.getInputList()) {
        if (!in.equals(proj.getOutput(0))
            && g.initializer(in) != null
            && isPyTorchName(in, prefix)
            && in.endsWith(".bias")) {
          return in;
        }
      }
    }
    throw new BadInputException(
        g.source()
            + ": "
            + OnnxGraph.describe(proj)
            + " reads weight "
            + tensor
            + " but no Add with a named bias (such as encoder.layer.0.output.dense.bias) follows"
            + " it, so the weight cannot be named; give an export with biases named as in PyTorch");
  }

  private static boolean transB(NodeProto gemm) {
    AttributeProto a = OnnxGraph.attribute(gemm, "transB");
    return a != null && a.getI() != 0;
  }
}
