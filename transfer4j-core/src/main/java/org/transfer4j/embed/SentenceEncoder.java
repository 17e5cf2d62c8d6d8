package org.transfer4j.embed;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.onnx.OnnxModels;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Sentence vectors from a BERT or DistilBERT folder (or a built-in model name such as {@code
 * all-MiniLM-L6-v2}): each text becomes {@code [CLS] tokens [SEP]}, the encoder's last hidden state
 * is pooled ({@link SentencePooling}) and, by default, L2-normalised, as Sentence-BERT (Reimers and
 * Gurevych, 2019).
 *
 * <p>Texts are encoded in windows of {@code 32 * batchSize}: a window is tokenized on all cores,
 * sorted by token length so each batch pads little, run batch by batch (each in its own
 * sub-manager, without gradient recording) and handed out in input order, so memory stays flat
 * however long the input. Texts longer than the maximum length keep their first tokens and are
 * counted ({@link #truncatedCount()}).
 *
 * <pre>{@code
 * try (SentenceEncoder enc = SentenceEncoder.load("all-MiniLM-L6-v2", EncoderOptions.defaults())) {
 *   float[][] v = enc.encode(List.of("How old are you?", "What is your age?"));
 *   EncodeStats s = enc.encode(lines.iterator(), (i, text, vector) -> out.write(vector));
 * }
 * }</pre>
 */
public final class SentenceEncoder implements AutoCloseable {
  /** Texts per window, in batches: enough for length sorting to pay, small enough to stay flat. */
  static final int WINDOW_BATCHES = 32;

  private final String modelName;
  private final Path dir;
  private final EncoderOptions options;
  private final SentenceBackend backend;
  private final Tokenizer tokenizer;
  private final int cls;
  private final int sep;
  private final int pad;
  private final int maxLength;
  private final int dimension;
  private String fingerprint;
  private long truncated;

  private SentenceEncoder(
      String modelName,
      Path dir,
      EncoderOptions options,
      SentenceBackend backend,
      Tokenizer tokenizer,
      int maxPositions,
      int dimension) {
    this.modelName = modelName;
    this.dir = dir;
    this.options = options;
    this.backend = backend;
    this.tokenizer = tokenizer;
    this.cls = special(tokenizer, "[CLS]", dir);
    this.sep = special(tokenizer, "[SEP]", dir);
    this.pad = special(tokenizer, "[PAD]", dir);
    if (options.maxLength() > maxPositions) {
      throw new BadInputException(
          "--max-length "
              + options.maxLength()
              + ": the model in "
              + dir
              + " has only "
              + maxPositions
              + " positions (max_position_embeddings); give at most "
              + maxPositions);
    }
    this.maxLength = options.maxLength() == 0 ? maxPositions : options.maxLength();
    this.dimension = dimension;
  }

  /**
   * Loads a model folder or built-in model name (through {@link ModelFolders#resolve}): its {@code
   * config.json} ({@code bert} or {@code distilbert}), the encoder weights of {@code
   * model.safetensors} (a head model's {@code bert.}/{@code distilbert.} prefix and head tensors
   * are fine) and its tokenizer.
   *
   * @throws org.transfer4j.BadInputException when the folder is not a BERT/DistilBERT encoder with
   *     a WordPiece tokenizer, or lacks encoder weights
   */
  public static SentenceEncoder load(String modelNameOrDir, EncoderOptions options)
      throws IOException {
    Path dir = ModelFolders.resolve(modelNameOrDir);
    ModelConfig config = HfModels.readConfig(dir);
    Tokenizer tokenizer = Tokenizer.load(dir).withTruncation(null).withPadding(null);
    int positions;
    int dim;
    int vocab;
    if (config instanceof BertConfig c) {
      positions = c.maxPositionEmbeddings();
      dim = c.hiddenSize();
      vocab = c.vocabSize();
    } else if (config instanceof DistilBertConfig c) {
      positions = c.maxPositionEmbeddings();
      dim = c.dim();
      vocab = c.vocabSize();
    } else {
      throw new BadInputException(
          dir
              + ": sentence vectors need a BERT or DistilBERT encoder, but config.json has"
              + " model_type '"
              + config.modelType()
              + "'");
    }
    if (tokenizer.vocabSize() > vocab) {
      throw new BadInputException(
          dir
              + ": the tokenizer has "
              + tokenizer.vocabSize()
              + " ids but the model's vocab_size is "
              + vocab
              + "; the tokenizer does not belong to this model");
    }
    SentenceBackend backend = backend(dir, config, dim, options);
    try {
      return new SentenceEncoder(modelNameOrDir, dir, options, backend, tokenizer, positions, dim);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /**
   * ONNX Runtime on the encoder's export unless {@code --engine torch} (BERT and DistilBERT can
   * always be exported), else PyTorch.
   */
  private static SentenceBackend backend(
      Path dir, ModelConfig config, int dim, EncoderOptions options) throws IOException {
    String arch = config instanceof BertConfig ? "BertModel" : "DistilBertModel";
    if (options.inference().engine() != InferenceOptions.Engine.TORCH) {
      OnnxSession s =
          OnnxModels.open(
              dir,
              arch,
              config,
              options.inference().sessionOptions(),
              m -> TorchSentenceBackend.encoder(dir, config, m));
      try {
        OnnxModels.requireOutput(s, "last_hidden_state", dim);
        return new OnnxSentenceBackend(s, options, dim);
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      return new TorchSentenceBackend(
          TorchSentenceBackend.encoder(dir, config, manager), manager, options);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static int special(Tokenizer t, String token, Path dir) {
    int id = t.tokenToId(token);
    if (id < 0) {
      throw new BadInputException(
          dir + ": the tokenizer has no " + token + " token; BERT-style encoders need it");
    }
    return id;
  }

  /** Floats per vector (the model's hidden size). */
  public int dimension() {
    return dimension;
  }

  /** The model as given to {@link #load}: a built-in name or a folder. */
  public String modelName() {
    return modelName;
  }

  /** The folder the model was loaded from. */
  public Path folder() {
    return dir;
  }

  public EncoderOptions options() {
    return options;
  }

  /** Tokens per text, specials included; longer texts are truncated to it. */
  public int maxLength() {
    return maxLength;
  }

  /** Texts truncated so far by this encoder. */
  public synchronized long truncatedCount() {
    return truncated;
  }

  /**
   * A stable hex id (SHA-256) of the weights, config, tokenizer and the settings that change a
   * vector (pooling, normalisation, maximum length): equal for the same model and settings,
   * different otherwise, so an index can refuse queries from another model.
   */
  public synchronized String fingerprint() {
    if (fingerprint == null) {
      try {
        fingerprint =
            ModelFingerprint.of(
                dir,
                String.format(
                    Locale.ROOT,
                    "pooling=%s;normalize=%s;max_length=%d",
                    options.pooling().id(),
                    options.normalize(),
                    maxLength));
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": cannot read the model files to fingerprint", e);
      }
    }
    return fingerprint;
  }

  /** The vectors of {@code texts}, one row per text, in input order. */
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    try {
      encode(texts.iterator(), (i, text, v) -> out[(int) i] = v);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the sink above does no I/O
    }
    return out;
  }

  /** The vector of one text. */
  public float[] encode(String text) {
    return encode(List.of(text))[0];
  }

  /**
   * Encodes every text of {@code texts} and hands each vector to {@code sink} in input order, one
   * window at a time, so a million-line file never sits in memory.
   */
  public EncodeStats encode(Iterator<String> texts, VectorSink sink) throws IOException {
    return encode(texts, sink, n -> {});
  }

  /**
   * As {@link #encode(Iterator, VectorSink)}, telling {@code progress} how many texts each finished
   * batch held (for a progress bar).
   */
  public synchronized EncodeStats encode(
      Iterator<String> texts, VectorSink sink, LongConsumer progress) throws IOException {
    long start = System.nanoTime();
    long count = 0;
    long cut = 0;
    long tokens = 0;
    int window = WINDOW_BATCHES * options.batchSize();
    List<String> chunk = new ArrayList<>(window);
    {
      while (texts.hasNext()) {
        chunk.clear();
        while (texts.hasNext() && chunk.size() < window) {
          String t = texts.next();
          if (t == null) {
            throw new IllegalArgumentException("text " + (count + chunk.size()) + " is null");
          }
          chunk.add(t);
        }
        Tokenized t = tokenize(chunk);
        for (int[] row : t.ids()) {
          tokens += row.length;
        }
        cut += t.truncated();
        float[][] vectors = forwardWindow(t.ids(), progress);
        for (int i = 0; i < chunk.size(); i++) {
          sink.accept(count + i, chunk.get(i), vectors[i]);
        }
        count += chunk.size();
      }
    }
    truncated += cut;
    return new EncodeStats(count, cut, tokens, (System.nanoTime() - start) / 1e9);
  }

  /** A window's model inputs and how many of its texts were cut. */
  private record Tokenized(int[][] ids, int truncated) {}

  /** {@code [CLS] ids [SEP]} per text, cut to {@link #maxLength}, tokenized on all cores. */
  private Tokenized tokenize(List<String> chunk) {
    int[][] out = new int[chunk.size()][];
    boolean[] cut = new boolean[chunk.size()];
    IntStream.range(0, chunk.size())
        .parallel()
        .forEach(
            i -> {
              int[] raw = tokenizer.encode(chunk.get(i), null, false).ids();
              int n = Math.min(raw.length, maxLength - 2);
              cut[i] = raw.length > n;
              int[] ids = new int[n + 2];
              ids[0] = cls;
              System.arraycopy(raw, 0, ids, 1, n);
              ids[n + 1] = sep;
              out[i] = ids;
            });
    int n = 0;
    for (boolean c : cut) {
      n += c ? 1 : 0;
    }
    return new Tokenized(out, n);
  }

  /** Vectors of a window, batched by token length, returned in the window's order. */
  private float[][] forwardWindow(int[][] ids, LongConsumer progress) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Stable sort: equal lengths keep input order, so results do not depend on the sort.
    Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
    float[][] out = new float[ids.length][];
    int bs = options.batchSize();
    for (int s = 0; s < order.length; s += bs) {
      int e = Math.min(order.length, s + bs);
      int rows = e - s;
      int seq = ids[order[e - 1]].length; // the longest of the batch (sorted ascending)
      long[] flatIds = new long[rows * seq];
      long[] flatMask = new long[rows * seq];
      Arrays.fill(flatIds, pad);
      for (int r = 0; r < rows; r++) {
        int[] row = ids[order[s + r]];
        for (int k = 0; k < row.length; k++) {
          flatIds[r * seq + k] = row[k];
          flatMask[r * seq + k] = 1;
        }
      }
      float[] flat = forwardBatch(flatIds, flatMask, rows, seq);
      for (int r = 0; r < rows; r++) {
        out[order[s + r]] = Arrays.copyOfRange(flat, r * dimension, (r + 1) * dimension);
      }
      progress.accept(rows);
    }
    return out;
  }

  /** One padded batch through the encoder and the pooling: {@code rows * dimension} floats. */
  private float[] forwardBatch(long[] flatIds, long[] flatMask, int rows, int seq) {
    return backend.vectors(flatIds, flatMask, rows, seq);
  }

  /** {@code onnx} or {@code torch}: the runtime computing the vectors. */
  public String engine() {
    return backend.engine();
  }

  @Override
  public void close() {
    backend.close();
  }
}
