package org.transfer4j.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;

/** A hand-built graph written by the builder, read back and run by ONNX Runtime. */
class OnnxGraphBuilderTest {
  @Test
  void linearLayerWithSymbolicBatchRunsOnOnnxRuntime(@TempDir Path tmp) throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("tiny", 17);
    String x = b.input("x", OnnxGraphBuilder.FLOAT, "batch", 2);
    String w = b.initializer("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3); // (in 2, out 3)
    String bias = b.initializer("b", new float[] {0.5f, -1, 0}, 3);
    String y = b.node("Add", List.of(b.node("MatMul", List.of(x, w)), bias));
    String r = b.node("Relu", List.of(y));
    b.output("y", r, OnnxGraphBuilder.FLOAT, "batch", 3);
    b.metadata("purpose", "test");
    Path file = tmp.resolve("model.onnx");
    b.write(file);

    assertThat(OnnxFile.read(file).initializer("w").getDimsList()).containsExactly(2L, 3L);
    try (OnnxSession s = OnnxSession.open(file, OnnxSessionOptions.defaults().withThreads(1))) {
      assertThat(s.inputShape("x")).containsExactly(-1, 2);
      assertThat(s.metadata("purpose")).isEqualTo("test");
      // rows [1, 1] and [-1, 0]: [5.5, 6, 9] and relu([-0.5, -3, -3])
      try (OnnxSession.Outputs out =
          s.run(Map.of("x", s.floats(new float[] {1, 1, -1, 0}, 2, 2)))) {
        assertThat(out.shape("y")).containsExactly(2, 3);
        assertThat(out.floats("y")).containsExactly(5.5f, 6f, 9f, 0f, 0f, 0f);
      }
      assertThatThrownBy(() -> s.run(Map.of("z", s.floats(new float[] {1}, 1, 1))))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("has no input 'z'");
    }
  }

  @Test
  void truncatedFileIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("tiny", 14);
    String x = b.input("x", OnnxGraphBuilder.FLOAT, "batch");
    b.output("y", b.node("Neg", List.of(x)), OnnxGraphBuilder.FLOAT, "batch");
    b.initializer("pad", new float[64], 64);
    Path file = tmp.resolve("model.onnx");
    b.write(file);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> OnnxSession.open(file, OnnxSessionOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("export onnx");
  }

  @Test
  void unsupportedOpsetAndDuplicateNamesAreRefused() {
    assertThatThrownBy(() -> new OnnxGraphBuilder("g", 9)).hasMessageContaining("opset 9");
    OnnxGraphBuilder b = new OnnxGraphBuilder("g", 17);
    b.input("x", OnnxGraphBuilder.FLOAT, 1);
    assertThatThrownBy(() -> b.initializer("x", new float[] {1}, 1))
        .hasMessageContaining("already has a value named x");
    assertThatThrownBy(() -> b.initializer("w", new float[] {1, 2}, 3))
        .hasMessageContaining("do not fill");
  }
}
