package org.transfer4j.model.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.WordVectorModel;
import org.transfer4j.nn.Conv1d;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Embedding;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.ScalarMix;
import org.transfer4j.nn.crf.CrfHead;
import org.transfer4j.nn.crf.LinearChainCrf;
import org.transfer4j.nn.crf.TransitionConstraints;
import org.transfer4j.nn.rnn.Lstm;

/**
 * A BiLSTM tagger (Huang et al., 2015; Lample et al., 2016): per word, its vector, optionally a
 * character CNN with max pooling over the characters (Ma and Hovy, 2016) and the casing one-hot,
 * concatenated, dropout, a BiLSTM, dropout and a linear layer to emission scores; softmax per word
 * or a {@link LinearChainCrf} over the sentence. Inputs are the characters of {@link CharLayout};
 * the logits {@code (batch, seq, tags)} sit on each word's first token (zero elsewhere), as a BERT
 * token classifier's do, so training, evaluation and prediction treat both alike.
 *
 * <pre>{@code
 * WordTagger t = new WordTagger(WordTaggerConfig.defaults(words, chars, 100, labels, true, true,
 *     "iob1"), manager);
 * NDArray logits = t.forwardNamed(new ModelInput(ids, mask, null), OutputOptions.NONE).get("logits");
 * }</pre>
 */
public final class WordTagger extends WordVectorModel<WordTaggerConfig> implements CrfHead {
  /** Characters per word the CNN reads. */
  public static final int MAX_WORD_CHARS = 30;

  private final CharLayout layout;
  private final Embedding charEmbeddings;
  private final Conv1d charCnn;
  private final Lstm lstm;
  private final Linear classifier;
  private final LinearChainCrf crf;
  private final ContextualEncoder contextual;
  private final ScalarMix mix;
  private FeatureCache cache;

  public WordTagger(WordTaggerConfig config, NDManager manager) {
    super(config, manager);
    layout = new CharLayout(config.charVocab(), config.wordVocab(), MAX_WORD_CHARS);
    int in = config.embeddingSize() + (config.casing() ? Casing.SIZE : 0);
    if (config.charEmbeddingSize() > 0) {
      // Rows: padding, unknown, then the characters; N(0, 1) as torch.nn.Embedding.
      charEmbeddings =
          addModule(
              "char_embeddings",
              new Embedding(
                  manager, config.charVocab().size() + 2, config.charEmbeddingSize(), 1f));
      charCnn =
          addModule(
              "char_cnn",
              new Conv1d(
                  manager,
                  config.charEmbeddingSize(),
                  config.charFilters(),
                  config.charKernelSize()));
      in += config.charFilters();
    } else {
      charEmbeddings = null;
      charCnn = null;
    }
    WordTaggerConfig.Contextual ctx = config.contextual();
    if (ctx != null) {
      try {
        // Frozen and not a child module: neither trained nor saved; the folder names it instead.
        contextual = ContextualEncoder.load(ctx.model(), ctx.subtoken(), manager.newSubManager());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (contextual.layers() != ctx.layers() || contextual.dim() != ctx.size()) {
        throw new org.transfer4j.BadInputException(
            ctx.model()
                + " has "
                + contextual.layers()
                + " hidden states of size "
                + contextual.dim()
                + " but the tagger was trained on "
                + ctx.layers()
                + " of size "
                + ctx.size());
      }
      mix =
          ctx.layerMix().equals("scalar")
              ? addModule("scalar_mix", new ScalarMix(manager, ctx.layers()))
              : null;
      in += ctx.size();
    } else {
      contextual = null;
      mix = null;
    }
    lstm =
        addModule(
            "lstm",
            new Lstm(
                manager,
                in,
                config.hiddenSize(),
                config.numHiddenLayers(),
                true,
                config.hiddenDropoutProb()));
    int tags = config.labels().size();
    classifier =
        addModule(
            "classifier",
            new Linear(manager, lstm.outputSize(), tags, true, (float) (1 / Math.sqrt(3.0 * in))));
    crf =
        config.useCrf()
            ? addModule("crf", new LinearChainCrf(manager, tags, constraints(config)))
            : null;
  }

  private static TransitionConstraints constraints(WordTaggerConfig c) {
    int tags = c.labels().size();
    return c.crfScheme().equals("none")
        ? TransitionConstraints.none(tags)
        : TransitionConstraints.of(c.labels().names(), TagScheme.parse(c.crfScheme()));
  }

  /** The frozen encoder of the contextual features, or null. */
  public ContextualEncoder contextual() {
    return contextual;
  }

  /** Reads contextual features from {@code cache} where it has the sentence (null: none). */
  public void useCache(FeatureCache cache) {
    this.cache = cache;
  }

  @Override
  public LinearChainCrf crf() {
    return crf;
  }

  @Override
  public String architecture() {
    return config.architectures().get(0);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    NDArray ids = input.inputIds(); // (batch, seq) [CLS] characters [SEP] padding
    NDManager m = ids.getManager();
    int batch = (int) ids.getShape().get(0);
    int seq = (int) ids.getShape().get(1);
    CharLayout.Batch b = layout.read(ids.toType(DataType.INT64, false).toLongArray(), batch, seq);
    int words = b.words();
    NDArray x =
        embeddings.forward(m.create(b.wordIds(), new Shape(batch, words))); // (batch, words, E)
    if (config.casing()) {
      x = x.concat(m.create(b.casing(), new Shape(batch, words, Casing.SIZE)), 2);
    }
    if (charCnn != null) {
      x = x.concat(charFeatures(m, b, batch), 2);
    }
    if (contextual != null) {
      x = x.concat(contextualFeatures(m, b, batch), 2);
    }
    x = Dropout.apply(x, config.hiddenDropoutProb(), isTraining());
    NDArray h = lstm.forward(x, b.lengths()); // (batch, words, 2H)
    h = Dropout.apply(h, config.hiddenDropoutProb(), isTraining());
    NDArray emissions = classifier.forward(h); // (batch, words, tags)
    long tags = emissions.getShape().get(2);
    // Each word's first token takes its word's row; every other token the zero row at the end.
    NDArray rows = emissions.reshape(-1, tags).concat(m.zeros(new Shape(1, tags)), 0);
    NDArray logits =
        rows.get(new NDIndex("{}", m.create(b.tokenRows())))
            .reshape(batch, seq, tags); // (batch, seq, tags)
    return Map.of("logits", logits);
  }

  /**
   * The encoder's features of each word, mixed over the layers: {@code (batch, words, size)}. From
   * the cache where it holds the sentence, else computed now.
   */
  private NDArray contextualFeatures(NDManager m, CharLayout.Batch b, int batch) {
    int layers = contextual.layers();
    int size = contextual.dim();
    int row = layers * size;
    int words = b.words();
    float[][] rows = new float[batch][];
    List<List<String>> missing = new java.util.ArrayList<>();
    List<Integer> where = new java.util.ArrayList<>();
    for (int r = 0; r < batch; r++) {
      List<String> s = b.sentences().get(r);
      rows[r] = cache == null ? null : cache.get(s);
      if (rows[r] == null && !s.isEmpty()) {
        missing.add(s);
        where.add(r);
      }
    }
    float[][] computed = contextual.features(missing);
    for (int i = 0; i < computed.length; i++) {
      rows[where.get(i)] = computed[i];
    }
    boolean last = mix == null;
    int width = last ? size : row; // the last layer only, or all of them for the mix
    float[] flat = new float[batch * words * width];
    for (int r = 0; r < batch; r++) {
      if (rows[r] == null) {
        continue;
      }
      for (int w = 0; w < rows[r].length / row; w++) {
        System.arraycopy(
            rows[r],
            w * row + (last ? (layers - 1) * size : 0),
            flat,
            (r * words + w) * width,
            width);
      }
    }
    if (last) {
      return m.create(flat, new Shape(batch, words, size));
    }
    return mix.forward(m.create(flat, new Shape(batch, words, layers, size)));
  }

  /** Max over the character windows of each word: {@code (batch, words, filters)}. */
  private NDArray charFeatures(NDManager m, CharLayout.Batch b, int batch) {
    int width = Math.max(b.chars(), config.charKernelSize()); // short words: zero-padded windows
    long[] ids = b.charIds();
    if (width > b.chars()) {
      long[] wide = new long[batch * b.words() * width];
      for (int r = 0; r < batch * b.words(); r++) {
        System.arraycopy(ids, r * b.chars(), wide, r * width, b.chars());
      }
      ids = wide;
    }
    NDArray c = charEmbeddings.forward(m.create(ids, new Shape((long) batch * b.words(), width)));
    NDArray conv = charCnn.forward(c); // (batch * words, windows, filters)
    return conv.max(new int[] {1}).reshape(batch, b.words(), config.charFilters());
  }
}
