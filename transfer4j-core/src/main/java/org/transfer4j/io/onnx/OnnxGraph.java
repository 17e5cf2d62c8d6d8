package org.transfer4j.io.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.proto.Onnx.AttributeProto;
import org.transfer4j.io.onnx.proto.Onnx.GraphProto;
import org.transfer4j.io.onnx.proto.Onnx.ModelProto;
import org.transfer4j.io.onnx.proto.Onnx.NodeProto;
import org.transfer4j.io.onnx.proto.Onnx.TensorProto;

/**
 * An ONNX graph indexed for walking: initializers by name, the node that produces each value and
 * the nodes that read it, and the values of constant integer expressions (shape vectors built with
 * {@code Constant}, {@code Unsqueeze} and {@code Concat}, as PyTorch's exporter writes them).
 *
 * <pre>{@code
 * OnnxGraph g = OnnxFile.read(path);
 * for (NodeProto mm : g.nodes("MatMul")) {
 *   TensorProto w = g.initializer(mm.getInput(1)); // null when the input is computed
 *   List<NodeProto> next = g.consumers(mm.getOutput(0));
 * }
 * }</pre>
 */
public final class OnnxGraph {
  private final ModelProto model;
  private final String source;
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();

  /** Indexes an already parsed model; {@code source} names it in messages. */
  public static OnnxGraph of(ModelProto model, String source) {
    return new OnnxGraph(model, source);
  }

  OnnxGraph(ModelProto model, String source) {
    this.model = model;
    this.source = source;
    GraphProto g = model.getGraph();
    for (TensorProto t : g.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    for (NodeProto n : g.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
  }

  /** Where the graph came from (a file), for messages. */
  public String source() {
    return source;
  }

  public ModelProto model() {
    return model;
  }

  /** The initializers (weights and constants) in file order, by name. */
  public Map<String, TensorProto> initializers() {
    return Collections.unmodifiableMap(initializers);
  }

  /** The initializer of that name, or null. */
  public TensorProto initializer(String name) {
    return initializers.get(name);
  }

  /** A float32 initializer's values; a missing one is an error naming it. */
  public float[] floats(String name) {
    TensorProto t = initializers.get(name);
    if (t == null) {
      throw new BadInputException(source + ": no initializer named " + name);
    }
    return OnnxTensors.floats(t, source);
  }

  /** The nodes of one operator type, in graph order. */
  public List<NodeProto> nodes(String opType) {
    List<NodeProto> out = new ArrayList<>();
    for (NodeProto n : model.getGraph().getNodeList()) {
      if (n.getOpType().equals(opType)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether any node has this operator type. */
  public boolean hasOp(String opType) {
    return model.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals(opType));
  }

  /** The node computing a value, or null for graph inputs and initializers. */
  public NodeProto producer(String value) {
    return producers.get(value);
  }

  /** The nodes reading a value. */
  public List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** How a node is named in messages: its name, else its type and first output. */
  public static String describe(NodeProto n) {
    return n.getOpType()
        + " node "
        + (n.getName().isEmpty() ? "producing " + n.getOutput(0) : n.getName());
  }

  /** A node's attribute of that name, or null. */
  public static AttributeProto attribute(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /**
   * The integer values of a constant expression, element by element ({@code null} where an element
   * is only known at run time, such as the batch size taken from {@code Shape}); null when the
   * value is not a vector built from constants. Follows initializers, {@code Constant}, {@code
   * Unsqueeze}, {@code Squeeze}, {@code Cast}, {@code Identity} and {@code Concat}.
   */
  public Long[] intVector(String value) {
    return intVector(value, 0);
  }

  private Long[] intVector(String value, int depth) {
    if (depth > 32) {
      return null;
    }
    TensorProto init = initializers.get(value);
    if (init != null) {
      return boxedInts(init);
    }
    NodeProto n = producers.get(value);
    if (n == null) {
      return null;
    }
    switch (n.getOpType()) {
      case "Constant":
        AttributeProto t = attribute(n, "value");
        if (t != null && t.hasT()) {
          return boxedInts(t.getT());
        }
        AttributeProto i = attribute(n, "value_int");
        if (i != null) {
          return new Long[] {i.getI()};
        }
        AttributeProto is = attribute(n, "value_ints");
        return is == null ? null : is.getIntsList().toArray(new Long[0]);
      case "Unsqueeze":
      case "Squeeze":
      case "Cast":
      case "Identity":
        return intVector(n.getInput(0), depth + 1);
      case "Concat":
        List<Long> all = new ArrayList<>();
        for (String in : n.getInputList()) {
          Long[] part = intVector(in, depth + 1);
          if (part == null) {
            part = new Long[] {null}; // a run-time scalar, e.g. Gather(Shape(x), 0)
          }
          Collections.addAll(all, part);
        }
        return all.toArray(new Long[0]);
      default:
        return null;
    }
  }

  private Long[] boxedInts(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.INT64_VALUE
        && t.getDataType() != TensorProto.DataType.INT32_VALUE) {
      return null;
    }
    long[] v = OnnxTensors.longs(t, source);
    Long[] out = new Long[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k];
    }
    return out;
  }

  /** A float scalar constant (initializer or {@code Constant} node), or null. */
  public Float floatScalar(String value) {
    TensorProto t = initializers.get(value);
    if (t == null) {
      NodeProto n = producers.get(value);
      if (n != null && n.getOpType().equals("Constant")) {
        AttributeProto a = attribute(n, "value");
        if (a != null && a.hasT()) {
          t = a.getT();
        } else if ((a = attribute(n, "value_float")) != null) {
          return a.getF();
        }
      }
    }
    if (t == null || !OnnxTensors.isFloat(t) || OnnxTensors.numel(t) != 1) {
      return null;
    }
    return OnnxTensors.floats(t, source)[0];
  }
}
