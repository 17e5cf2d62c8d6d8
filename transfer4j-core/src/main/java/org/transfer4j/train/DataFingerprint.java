package org.transfer4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A short fingerprint of training data files: their names, sizes and modification times (not their
 * content, so that fingerprinting a corpus of gigabytes costs nothing). Recorded in {@code
 * trainer_state.json} so that resuming with other data is refused ({@link
 * TrainerConfig#dataFingerprint}).
 *
 * <pre>{@code
 * String f = DataFingerprint.of(List.of(Path.of("train.csv"), Path.of("corpus/")));
 * }</pre>
 */
public final class DataFingerprint {
  private DataFingerprint() {}

  /** The fingerprint of the files (folders walked, in name order); nulls are skipped. */
  public static String of(List<Path> paths) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path p : paths) {
        if (p == null) {
          continue;
        }
        for (Path f : files(p)) {
          String line =
              f.getFileName() + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f) + "\n";
          sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> files(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return Files.isRegularFile(p) ? List.of(p) : List.of();
    }
    try (Stream<Path> s = Files.walk(p)) {
      List<Path> out = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
      out.removeIf(Objects::isNull);
      return out;
    }
  }
}
