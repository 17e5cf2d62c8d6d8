package org.transfer4j.io.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.proto.Onnx.ModelProto;

/**
 * Reads an ONNX model ({@code .onnx}: a protobuf {@code ModelProto}) with protobuf-java and the
 * ONNX schema compiled at build time ({@code src/main/proto/onnx_subset.proto}).
 *
 * <p>protobuf-java refuses messages over 64 MiB by default, and a BERT export is larger
 * (all-MiniLM- L6-v2: 90 MB), so the file is parsed from a {@link CodedInputStream} whose size
 * limit is lifted; the bytes are read once and tensor data is aliased, not copied. Weights stored
 * outside the file ({@code external_data}) are refused by {@link OnnxTensors}.
 *
 * <pre>{@code
 * OnnxGraph g = OnnxFile.read(Path.of("model.onnx"));
 * float[] w = g.floats("embeddings.word_embeddings.weight");
 * }</pre>
 */
public final class OnnxFile {
  private OnnxFile() {}

  /** Parses a {@code .onnx} file into its graph; errors name the file. */
  public static OnnxGraph read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException("ONNX model " + file + " does not exist");
    }
    return parse(bytes, file.toString());
  }

  /** Parses an ONNX model from a stream (a class path resource, for example). */
  public static OnnxGraph read(InputStream in, String source) throws IOException {
    return parse(in.readAllBytes(), source);
  }

  /** Parses the bytes of an ONNX model; {@code source} names it in errors. */
  public static OnnxGraph parse(byte[] bytes, String source) {
    if (bytes.length == 0) {
      throw new BadInputException("ONNX model " + source + " is empty");
    }
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true); // raw_data refers to `bytes` instead of copying 90 MB again
    in.setSizeLimit(Integer.MAX_VALUE);
    ModelProto model;
    try {
      model = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new BadInputException(
          "ONNX model "
              + source
              + " is not a complete ONNX protobuf ("
              + e.getMessage()
              + "); the file is truncated or not an .onnx model: export or download it again",
          e);
    } catch (IOException e) {
      throw new BadInputException("ONNX model " + source + " cannot be read: " + e.getMessage(), e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new BadInputException(
          "ONNX model " + source + " has no graph (no nodes); it is not an ONNX model");
    }
    return new OnnxGraph(model, source);
  }
}
