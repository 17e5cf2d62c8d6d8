package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.testing.SharedData;

/**
 * Reads every golden checkpoint, input and expected-output file of {@code ../shared/golden} and
 * checks names, dtypes and shapes against the folder's {@code config.json}, and the values against
 * an independent decoding of the raw file bytes.
 */
class GoldenSafeTensorsTest {
  static Stream<String> folders() {
    return Stream.of(
        "bert-pretraining",
        "bert-sequence-classification",
        "bert-token-classification",
        "bert-multiple-choice",
        "distilbert-sequence-classification",
        "gpt2-lm");
  }

  static JsonObject config(Path folder) throws IOException {
    return JsonParser.parseString(Files.readString(folder.resolve("config.json")))
        .getAsJsonObject();
  }

  static long cfg(JsonObject c, String key) {
    return c.get(key).getAsLong();
  }

  static void assertTensor(SafeTensorsFile f, String name, DType dtype, long... shape) {
    assertThat(f.find(name)).as(name).isPresent();
    TensorInfo t = f.info(name);
    assertThat(t.dtype()).as(name).isEqualTo(dtype);
    assertThat(t.shape()).as(name).containsExactly(shape);
  }

  @ParameterizedTest
  @MethodSource("folders")
  void modelWeightsHaveTheShapesTheConfigImplies(String folder) throws IOException {
    Path dir = SharedData.require("golden/" + folder);
    JsonObject c = config(dir);
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("model.safetensors"))) {
      assertThat(f.metadata()).containsEntry("format", "pt");
      assertThat(f.tensors()).allMatch(t -> t.dtype() == DType.F32);
      switch (c.get("model_type").getAsString()) {
        case "bert":
          {
            long h = cfg(c, "hidden_size");
            String p = "bert.";
            assertTensor(
                f, p + "embeddings.word_embeddings.weight", DType.F32, cfg(c, "vocab_size"), h);
            assertTensor(
                f,
                p + "embeddings.position_embeddings.weight",
                DType.F32,
                cfg(c, "max_position_embeddings"),
                h);
            assertTensor(
                f,
                p + "embeddings.token_type_embeddings.weight",
                DType.F32,
                cfg(c, "type_vocab_size"),
                h);
            assertTensor(f, p + "embeddings.LayerNorm.weight", DType.F32, h);
            for (int l = 0; l < cfg(c, "num_hidden_layers"); l++) {
              String layer = p + "encoder.layer." + l + ".";
              assertTensor(f, layer + "attention.self.query.weight", DType.F32, h, h);
              assertTensor(f, layer + "attention.output.dense.bias", DType.F32, h);
              assertTensor(
                  f,
                  layer + "intermediate.dense.weight",
                  DType.F32,
                  cfg(c, "intermediate_size"),
                  h);
              assertTensor(
                  f, layer + "output.dense.weight", DType.F32, h, cfg(c, "intermediate_size"));
            }
            assertThat(
                    f.find(
                        p + "encoder.layer." + cfg(c, "num_hidden_layers") + ".output.dense.bias"))
                .isEmpty();
            break;
          }
        case "distilbert":
          {
            long d = cfg(c, "dim");
            String p = "distilbert.";
            assertTensor(
                f, p + "embeddings.word_embeddings.weight", DType.F32, cfg(c, "vocab_size"), d);
            assertTensor(
                f,
                p + "embeddings.position_embeddings.weight",
                DType.F32,
                cfg(c, "max_position_embeddings"),
                d);
            for (int l = 0; l < cfg(c, "n_layers"); l++) {
              String layer = p + "transformer.layer." + l + ".";
              assertTensor(f, layer + "attention.q_lin.weight", DType.F32, d, d);
              assertTensor(f, layer + "ffn.lin1.weight", DType.F32, cfg(c, "hidden_dim"), d);
              assertTensor(f, layer + "ffn.lin2.weight", DType.F32, d, cfg(c, "hidden_dim"));
            }
            assertTensor(f, "pre_classifier.weight", DType.F32, d, d);
            assertTensor(
                f, "classifier.weight", DType.F32, c.getAsJsonObject("id2label").size(), d);
            break;
          }
        case "gpt2":
          {
            long e = cfg(c, "n_embd");
            assertTensor(f, "wte.weight", DType.F32, cfg(c, "vocab_size"), e);
            assertTensor(f, "wpe.weight", DType.F32, cfg(c, "n_positions"), e);
            for (int l = 0; l < cfg(c, "n_layer"); l++) {
              // Conv1D stores [in, out]
              assertTensor(f, "h." + l + ".attn.c_attn.weight", DType.F32, e, 3 * e);
              assertTensor(f, "h." + l + ".mlp.c_fc.weight", DType.F32, e, 4 * e);
              assertTensor(f, "h." + l + ".mlp.c_proj.weight", DType.F32, 4 * e, e);
            }
            assertTensor(f, "ln_f.weight", DType.F32, e);
            assertThat(f.find("lm_head.weight")).isEmpty();
            break;
          }
        default:
          throw new AssertionError(folder);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("folders")
  void inputsAreInt64AndExpectedOutputsAreFloat32(String folder) throws IOException {
    Path dir = SharedData.require("golden/" + folder);
    try (SafeTensorsFile in = SafeTensorsFile.open(dir.resolve("inputs.safetensors"));
        SafeTensorsFile out = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      TensorInfo ids = in.info("input_ids");
      assertThat(ids.dtype()).isEqualTo(DType.I64);
      for (TensorInfo t : in.tensors()) {
        assertThat(t.dtype()).isEqualTo(DType.I64);
        assertThat(t.shape()).containsExactly(ids.shape());
      }
      long vocab = config(dir).get("vocab_size").getAsLong();
      assertThat(java.util.Arrays.stream(in.readLongs("input_ids")))
          .allMatch(v -> v >= 0 && v < vocab);
      if (in.has("attention_mask")) {
        assertThat(java.util.Arrays.stream(in.readLongs("attention_mask")))
            .allMatch(v -> v == 0 || v == 1);
      }
      assertThat(out.has("logits") || out.has("mlm_logits")).as("has logits").isTrue();
      for (TensorInfo t : out.tensors()) {
        if (t.name().startsWith("greedy_")) {
          assertThat(t.dtype()).isEqualTo(DType.I64);
        } else {
          assertThat(t.dtype()).as(t.name()).isEqualTo(DType.F32);
          assertThat(t.shape()[0]).as(t.name()).isEqualTo(ids.shape()[0]);
        }
      }
    }
  }

  /** Values agree with a decoding of the raw bytes that does not go through the reader. */
  @ParameterizedTest
  @MethodSource("folders")
  void valuesMatchTheRawBytesAndNDArraysMatchArrays(String folder) throws IOException {
    Path dir = SharedData.require("golden/" + folder);
    Bootstrap.init(Bootstrap.Options.defaults());
    for (String file : List.of("model.safetensors", "inputs.safetensors", "expected.safetensors")) {
      Path p = dir.resolve(file);
      ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
      long dataStart = 8 + raw.getLong(0);
      try (SafeTensorsFile f = SafeTensorsFile.open(p);
          SafeTensorsFile small = SafeTensorsFile.open(p, 4099);
          NDManager m = NDManager.newBaseManager()) {
        assertThat(f.dataStart()).isEqualTo(dataStart);
        for (TensorInfo t : f.tensors()) {
          int base = (int) (dataStart + t.begin());
          NDArray a = f.toNDArray(t.name(), m);
          assertThat(a.getShape().getShape()).containsExactly(t.shape());
          if (t.dtype() == DType.F32) {
            float[] v = f.readFloats(t.name());
            for (int i = 0; i < v.length; i++) {
              assertThat(Float.floatToRawIntBits(v[i])).isEqualTo(raw.getInt(base + 4 * i));
            }
            assertThat(small.readFloats(t.name())).containsExactly(v);
            assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(a.toFloatArray()).containsExactly(v);
          } else {
            long[] v = f.readLongs(t.name());
            for (int i = 0; i < v.length; i++) {
              assertThat(v[i]).isEqualTo(raw.getLong(base + 8 * i));
            }
            assertThat(small.readLongs(t.name())).containsExactly(v);
            assertThat(a.getDataType()).isEqualTo(DataType.INT64);
            assertThat(a.toLongArray()).containsExactly(v);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("folders")
  void checkpointOpensTheFolder(String folder) throws IOException {
    Path dir = SharedData.require("golden/" + folder);
    try (Checkpoint ckpt = Checkpoint.open(dir);
        SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("model.safetensors"))) {
      assertThat(ckpt.names())
          .containsExactlyElementsOf(f.tensors().stream().map(TensorInfo::name).toList());
      TensorInfo first = f.tensors().get(0);
      assertThat(ckpt.info(first.name())).isEqualTo(first);
      assertThat(ckpt.readFloats(first.name())).containsExactly(f.readFloats(first.name()));
    }
  }
}
