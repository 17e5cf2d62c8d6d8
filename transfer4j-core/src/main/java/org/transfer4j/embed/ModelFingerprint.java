package org.transfer4j.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 over what decides a model folder's sentence vectors: {@code config.json}, the weights
 * ({@code *.safetensors} and a shard index), the tokenizer files ({@code tokenizer.json}, {@code
 * vocab.txt}, {@code vocab.json}, {@code merges.txt}) and the encoder settings that change a vector
 * (pooling, normalisation, maximum length). Each file enters with its name and size, so moving the
 * folder keeps the value while any changed byte, file or setting changes it. Other files (training
 * logs, {@code task.json}, plots) are left out: they do not change a vector.
 *
 * <pre>{@code
 * String id = ModelFingerprint.of(dir, "pooling=mean;normalize=true;max_length=512");
 * }</pre>
 */
final class ModelFingerprint {
  private static final List<String> NAMED =
      List.of(
          "config.json",
          "tokenizer.json",
          "vocab.txt",
          "vocab.json",
          "merges.txt",
          "model.safetensors.index.json");

  private ModelFingerprint() {}

  /** The lower-case hex SHA-256 of the folder's model files and {@code settings}. */
  static String of(Path dir, String settings) throws IOException {
    MessageDigest sha = sha256();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return NAMED.contains(n) || n.endsWith(".safetensors");
                  })
              .sorted()
              .toList();
    }
    byte[] buffer = new byte[1 << 16];
    for (Path f : files) {
      sha.update((f.getFileName() + "\0" + Files.size(f) + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(f)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
        }
      }
    }
    sha.update(settings.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
