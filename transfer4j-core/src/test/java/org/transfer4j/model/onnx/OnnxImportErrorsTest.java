package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxGraph;
import org.transfer4j.io.onnx.proto.Onnx.GraphProto;
import org.transfer4j.io.onnx.proto.Onnx.ModelProto;
import org.transfer4j.io.onnx.proto.Onnx.NodeProto;
import org.transfer4j.io.onnx.proto.Onnx.StringStringEntryProto;
import org.transfer4j.io.onnx.proto.Onnx.TensorProto;

/**
 * Malformed ONNX input gets one {@link BadInputException} naming the file and the tensor or node:
 * the real all-MiniLM-L6-v2 export truncated or with a tensor removed, renamed or moved out of the
 * file, and a graph that is no encoder at all.
 */
class OnnxImportErrorsTest {
  static byte[] bytes;
  static ModelProto model;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in =
        OnnxImportErrorsTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      bytes = in.readAllBytes();
    }
    model = ModelProto.parseFrom(bytes);
  }

  @Test
  void truncatedFileIsNamedAsTruncated(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("cut.onnx");
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> OnnxImport.importFolder(file, null, null, tmp.resolve("out")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.onnx")
        .hasMessageContaining("truncated");
  }

  @Test
  void graphThatIsNoEncoderIsRefused() {
    TensorProto w =
        TensorProto.newBuilder()
            .setName("onnx::MatMul_1")
            .addDims(2)
            .addDims(2)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllFloatData(Arrays.asList(1f, 2f, 3f, 4f))
            .build();
    ModelProto linear =
        ModelProto.newBuilder()
            .setGraph(
                GraphProto.newBuilder()
                    .addInitializer(w)
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("MatMul")
                            .addInput("x")
                            .addInput("onnx::MatMul_1")
                            .addOutput("y")))
            .build();
    assertThatThrownBy(() -> convert(linear, "linear.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("linear.onnx is not a BERT-family encoder")
        .hasMessageContaining("embeddings.word_embeddings.weight");
  }

  @Test
  void missingTensorIsNamed() {
    ModelProto m = without("encoder.layer.2.output.LayerNorm.weight");
    assertThatThrownBy(() -> convert(m, "m.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("missing tensor encoder.layer.2.output.LayerNorm.weight")
        .hasMessageContaining("[384]");
  }

  @Test
  void missingBiasLeavesItsMatMulWeightUnnamedAndSaysWhichNode() {
    ModelProto m = without("encoder.layer.4.intermediate.dense.bias");
    assertThatThrownBy(() -> convert(m, "m.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("/encoder/layer.4/intermediate/dense/MatMul")
        .hasMessageContaining("no Add with a named bias");
  }

  @Test
  void tensorThatFitsNoParameterIsNamed() {
    TensorProto extra =
        TensorProto.newBuilder()
            .setName("embeddings.extra.weight")
            .addDims(2)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllFloatData(Arrays.asList(1f, 2f))
            .build();
    ModelProto m =
        model.toBuilder().setGraph(model.getGraph().toBuilder().addInitializer(extra)).build();
    assertThatThrownBy(() -> convert(m, "m.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor embeddings.extra.weight fits no parameter of BertModel");
  }

  @Test
  void wrongShapeNamesTensorAndBothShapes() {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().equals("embeddings.LayerNorm.bias")) {
        g.setInitializer(
            i,
            g.getInitializer(i).toBuilder()
                .clearDims()
                .addDims(2)
                .addDims(192)
                .build()); // same bytes, other shape
      }
    }
    ModelProto m = model.toBuilder().setGraph(g).build();
    assertThatThrownBy(() -> convert(m, "m.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor embeddings.LayerNorm.bias")
        .hasMessageContaining("[2, 192]")
        .hasMessageContaining("[384]");
  }

  @Test
  void externalDataIsRefusedWithHowToFix() {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().equals("embeddings.position_embeddings.weight")) {
        g.setInitializer(
            i,
            g.getInitializer(i).toBuilder()
                .setRawData(ByteString.EMPTY)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(
                    StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin"))
                .build());
      }
    }
    ModelProto m = model.toBuilder().setGraph(g).build();
    assertThatThrownBy(() -> convert(m, "m.onnx"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor embeddings.position_embeddings.weight")
        .hasMessageContaining("external data")
        .hasMessageContaining("save_as_external_data=False");
  }

  private static ModelProto without(String initializer) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().equals(initializer)) {
        g.removeInitializer(i);
        return model.toBuilder().setGraph(g).build();
      }
    }
    throw new AssertionError("no initializer " + initializer);
  }

  private static void convert(ModelProto m, String name) {
    BertOnnxImporter.convert(OnnxGraph.of(m, name), null);
  }
}
