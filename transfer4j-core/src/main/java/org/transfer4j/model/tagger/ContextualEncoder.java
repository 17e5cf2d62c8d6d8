package org.transfer4j.model.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.data.BertLayout;
import org.transfer4j.data.EncodedInput;
import org.transfer4j.data.SpecialTokens;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.distilbert.DistilBertModel;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A frozen BERT-family encoder as a source of contextual word features, ELMo-style (Peters et al.,
 * 2018): every hidden state (the embeddings and each layer's output) of each word, taken from its
 * first sub-token or the mean of its sub-tokens. Words past the encoder's positions get zeros.
 *
 * <pre>{@code
 * ContextualEncoder enc = ContextualEncoder.load("all-MiniLM-L6-v2", "first", manager);
 * float[][] f = enc.features(List.of(List.of("EU", "rejects", "German", "call")));
 * // f[0]: (words, layers + 1, dim) row-major
 * }</pre>
 */
public final class ContextualEncoder {
  private final PretrainedModel model;
  private final Tokenizer tokenizer;
  private final SpecialTokens specials;
  private final boolean distilBert;
  private final boolean mean;
  private final int layers;
  private final int dim;
  private final int maxLength;

  private ContextualEncoder(
      PretrainedModel model,
      Tokenizer tokenizer,
      int layers,
      int dim,
      int positions,
      boolean mean) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.specials = SpecialTokens.fromVocab(tokenizer::tokenToId, tokenizer.vocabSize());
    this.distilBert = model instanceof DistilBertModel;
    this.layers = layers;
    this.dim = dim;
    this.maxLength = positions;
    this.mean = mean;
  }

  /**
   * Loads a folder or built-in name; {@code pooling} is {@code first} or {@code mean}; the weights
   * live in {@code manager}.
   */
  public static ContextualEncoder load(String nameOrDir, String pooling, NDManager manager)
      throws IOException {
    if (!pooling.equals("first") && !pooling.equals("mean")) {
      throw new BadInputException("--subtoken must be first or mean, got '" + pooling + "'");
    }
    Path dir;
    try {
      dir = ModelFolders.resolve(nameOrDir);
    } catch (BadInputException e) { // the same check, named after this option
      throw new BadInputException(e.getMessage().replaceFirst("^--model ", "--contextual "));
    }
    ModelConfig config = HfModels.readConfig(dir);
    Tokenizer tokenizer = Tokenizer.load(dir).withTruncation(null).withPadding(null);
    PretrainedModel model;
    if (config instanceof BertConfig c) {
      model = HfModels.load(dir, BertModel.class, manager);
      model.train(false);
      return new ContextualEncoder(
          model,
          tokenizer,
          c.numHiddenLayers() + 1,
          c.hiddenSize(),
          c.maxPositionEmbeddings(),
          pooling.equals("mean"));
    }
    if (config instanceof DistilBertConfig c) {
      model = HfModels.load(dir, DistilBertModel.class, manager);
      model.train(false);
      return new ContextualEncoder(
          model,
          tokenizer,
          c.nLayers() + 1,
          c.dim(),
          c.maxPositionEmbeddings(),
          pooling.equals("mean"));
    }
    throw new BadInputException(
        dir
            + ": --contextual needs a BERT or DistilBERT encoder, got model_type "
            + config.modelType());
  }

  /** Hidden states per word: embeddings + one per layer. */
  public int layers() {
    return layers;
  }

  public int dim() {
    return dim;
  }

  /**
   * Each sentence's features {@code (words, layers, dim)} row-major; a {@code null} word is read as
   * the encoder's unknown token.
   */
  public float[][] features(List<List<String>> sentences) {
    int n = sentences.size();
    float[][] out = new float[n][];
    if (n == 0) {
      return out;
    }
    List<EncodedInput> inputs = new ArrayList<>(n);
    int seq = 0;
    for (List<String> s : sentences) {
      List<String> words = new ArrayList<>(s.size());
      s.forEach(w -> words.add(w == null ? "[UNK]" : w));
      EncodedInput in =
          BertLayout.encodeWords(
              words, t -> tokenizer.encode(t, null, false).ids(), specials, maxLength);
      inputs.add(in);
      seq = Math.max(seq, in.length());
    }
    long[] ids = new long[n * seq];
    long[] mask = new long[n * seq];
    for (int b = 0; b < n; b++) {
      int[] x = inputs.get(b).ids();
      for (int t = 0; t < x.length; t++) {
        ids[b * seq + t] = x[t];
        mask[b * seq + t] = 1;
      }
      for (int t = x.length; t < seq; t++) {
        ids[b * seq + t] = specials.pad();
      }
    }
    float[] h;
    try (NDManager m = model.manager().newSubManager()) {
      Shape shape = new Shape(n, seq);
      NDArray types = distilBert ? null : m.create(new long[n * seq], shape);
      ModelInput in = new ModelInput(m.create(ids, shape), m.create(mask, shape), types);
      Map<String, NDArray> named = model.forwardNamed(in, new OutputOptions(true, false));
      NDList states = new NDList();
      for (int l = 0; l < layers; l++) {
        states.add(named.get("hidden_states." + l));
      }
      h = ai.djl.ndarray.NDArrays.stack(states, 2).toFloatArray(); // (batch, seq, layers, dim)
    }
    int row = layers * dim;
    for (int b = 0; b < n; b++) {
      int words = sentences.get(b).size();
      float[] f = new float[words * row];
      int[] count = new int[words];
      Integer[] wordIds = inputs.get(b).wordIds();
      for (int t = 0; t < wordIds.length; t++) {
        Integer w = wordIds[t];
        if (w == null || (!mean && count[w] > 0)) {
          continue;
        }
        count[w]++;
        int src = (b * seq + t) * row;
        for (int k = 0; k < row; k++) {
          f[w * row + k] += h[src + k];
        }
      }
      for (int w = 0; w < words; w++) {
        if (count[w] > 1) {
          for (int k = 0; k < row; k++) {
            f[w * row + k] /= count[w];
          }
        }
      }
      out[b] = f;
    }
    return out;
  }
}
