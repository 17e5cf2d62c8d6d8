package org.transfer4j.io.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transfer4j.io.AtomicFiles;
import org.transfer4j.io.onnx.proto.Onnx.AttributeProto;
import org.transfer4j.io.onnx.proto.Onnx.GraphProto;
import org.transfer4j.io.onnx.proto.Onnx.ModelProto;
import org.transfer4j.io.onnx.proto.Onnx.NodeProto;
import org.transfer4j.io.onnx.proto.Onnx.OperatorSetIdProto;
import org.transfer4j.io.onnx.proto.Onnx.StringStringEntryProto;
import org.transfer4j.io.onnx.proto.Onnx.TensorProto;
import org.transfer4j.io.onnx.proto.Onnx.TensorShapeProto;
import org.transfer4j.io.onnx.proto.Onnx.TypeProto;
import org.transfer4j.io.onnx.proto.Onnx.ValueInfoProto;

/**
 * Builds an ONNX model (a protobuf {@code ModelProto} of the schema in {@code onnx_subset.proto})
 * node by node: weights as initializers, graph inputs and outputs with symbolic dimensions ({@code
 * batch}, {@code sequence}), the default-domain opset, and metadata; then writes {@code model.onnx}
 * atomically. Each {@code node} call returns the name of its (first) output, so graphs read like
 * the forward code they export.
 *
 * <pre>{@code
 * OnnxGraphBuilder b = new OnnxGraphBuilder("bert", 17);
 * String ids = b.input("input_ids", OnnxGraphBuilder.INT64, "batch", "sequence");
 * String table = b.initializer("embeddings.word_embeddings.weight", weights, 30522, 768);
 * String h = b.node("Gather", List.of(table, ids)); // (batch, sequence, 768)
 * b.output("last_hidden_state", h, OnnxGraphBuilder.FLOAT, "batch", "sequence", 768);
 * b.write(Path.of("out/model.onnx"));
 * }</pre>
 *
 * <p>Values must be produced before they are used (nodes are kept in the order added, which is the
 * topological order ONNX requires). Dimensions are {@link Long} or {@link Integer} (fixed) or
 * {@link String} (symbolic) objects.
 */
public final class OnnxGraphBuilder {
  /** ONNX element type of float32 tensors ({@code TensorProto.DataType.FLOAT}). */
  public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

  /** ONNX element type of int64 tensors. */
  public static final int INT64 = TensorProto.DataType.INT64_VALUE;

  /** ONNX element type of bool tensors. */
  public static final int BOOL = TensorProto.DataType.BOOL_VALUE;

  /** The oldest opset the exporters write (Hugging Face's BERT exporters use 14). */
  public static final int MIN_OPSET = 14;

  /** The newest opset ONNX Runtime 1.20 runs. */
  public static final int MAX_OPSET = 21;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final ModelProto.Builder model = ModelProto.newBuilder();
  private final int opset;
  private final Set<String> names = new HashSet<>();
  private int counter;

  /**
   * @param graphName the graph's name (for tools such as Netron)
   * @param opset the default-domain opset, {@value #MIN_OPSET} to {@value #MAX_OPSET}
   */
  public OnnxGraphBuilder(String graphName, int opset) {
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new IllegalArgumentException(
          "opset " + opset + " is not supported; use " + MIN_OPSET + " to " + MAX_OPSET);
    }
    this.opset = opset;
    graph.setName(graphName);
    model
        .setIrVersion(irVersion(opset))
        .setProducerName("transfer4j")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
  }

  /** The IR version that goes with an opset (onnx/helper.py's VERSION_TABLE). */
  static int irVersion(int opset) {
    return opset <= 17 ? 8 : opset <= 20 ? 9 : 10;
  }

  /** The default-domain opset, for exporters whose ops changed between versions. */
  public int opset() {
    return opset;
  }

  /** Adds a model-level metadata entry ({@code metadata_props}), read back by ONNX Runtime. */
  public OnnxGraphBuilder metadata(String key, String value) {
    model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    return this;
  }

  /** Declares a graph input; returns its name. */
  public String input(String name, int elemType, Object... dims) {
    claim(name);
    graph.addInput(valueInfo(name, elemType, dims));
    return name;
  }

  /**
   * Declares a graph output computed as {@code value}; an {@code Identity} node gives it its public
   * name when the value has another (ONNX Runtime removes the copy when optimising).
   */
  public String output(String name, String value, int elemType, Object... dims) {
    if (!name.equals(value)) {
      claim(name);
      graph.addNode(
          NodeProto.newBuilder()
              .setOpType("Identity")
              .setName(name + "_identity")
              .addInput(value)
              .addOutput(name));
    }
    graph.addOutput(valueInfo(name, elemType, dims));
    return name;
  }

  /**
   * A float32 initializer (a weight) stored as little-endian {@code raw_data}; returns its name.
   */
  public String initializer(String name, float[] values, long... dims) {
    checkCount(name, values.length, dims);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return addInitializer(name, FLOAT, ByteString.copyFrom(bytes.array()), dims);
  }

  /** An int64 initializer (shapes, indices, axes); returns its name. */
  public String initializer(String name, long[] values, long... dims) {
    checkCount(name, values.length, dims);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return addInitializer(name, INT64, ByteString.copyFrom(bytes.array()), dims);
  }

  /** A float32 scalar constant (rank 0) under a fresh name. */
  public String scalar(float value) {
    return initializer(fresh("const"), new float[] {value});
  }

  /** An int64 vector constant (rank 1) under a fresh name, e.g. a target shape for Reshape. */
  public String longs(long... values) {
    return initializer(fresh("const"), values, values.length);
  }

  private String addInitializer(String name, int type, ByteString raw, long... dims) {
    claim(name);
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(type).setRawData(raw);
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** A node with one output under a fresh name; returns that name. */
  public String node(String opType, List<String> inputs, AttributeProto... attributes) {
    return node(opType, inputs, 1, attributes).get(0);
  }

  /**
   * A node with {@code outputs} outputs under fresh names, returned in order. An empty input name
   * stands for an omitted optional input, as in ONNX.
   */
  public List<String> node(
      String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
    String base = fresh(opType);
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType(opType).setName(base).addAllInput(inputs);
    List<String> outs = new ArrayList<>(outputs);
    for (int i = 0; i < outputs; i++) {
      String o = outputs == 1 ? base + "_out" : base + "_out" + i;
      claim(o);
      outs.add(o);
      n.addOutput(o);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return outs;
  }

  /** An {@code INT} attribute. */
  public static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** A {@code FLOAT} attribute. */
  public static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  /** An {@code INTS} attribute (axes, permutations). */
  public static AttributeProto attr(String name, long[] values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** A {@code STRING} attribute. */
  public static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  /** A name not used yet, starting with {@code prefix}. */
  public String fresh(String prefix) {
    String n;
    do {
      n = prefix + "_" + counter++;
    } while (names.contains(n));
    return n;
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("the graph already has a value named " + name);
    }
  }

  private static void checkCount(String name, int count, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != count) {
      throw new IllegalArgumentException(
          name + ": " + count + " values do not fill the shape " + java.util.Arrays.toString(dims));
    }
  }

  private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else if (d instanceof Number x) {
        dim.setDimValue(x.longValue());
      } else {
        throw new IllegalArgumentException(name + ": a dimension must be a number or a name");
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  /** The finished model. */
  public ModelProto build() {
    return model.clone().setGraph(graph.build()).build();
  }

  /**
   * Writes the model to {@code file} atomically (a temporary file beside it, then a rename), with a
   * metadata entry per map entry added first.
   */
  public void write(Path file, Map<String, String> extraMetadata) throws IOException {
    extraMetadata.forEach(this::metadata);
    write(file);
  }

  /** Writes the model to {@code file} atomically (a temporary file beside it, then a rename). */
  public void write(Path file) throws IOException {
    ModelProto m = build();
    AtomicFiles.write(
        file,
        tmp -> {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 20);
            m.writeTo(coded);
            coded.flush();
          }
        });
  }
}
