package org.transfer4j.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;

/**
 * The attention probabilities of every layer and head of a model folder (BERT, DistilBERT or GPT-2)
 * for one text or text pair, with the tokens and which sentence each token belongs to: what the
 * head view of bertviz (Vig, 2019) draws.
 *
 * <pre>{@code
 * AttentionMaps maps = AttentionMaps.compute(Path.of("bert"), "The cat sat.", "It was tired.");
 * float w = maps.weights()[0][3][5][2]; // layer 0, head 3: token 5 attends to token 2
 * }</pre>
 *
 * @param architecture the model class, e.g. {@code BertForMaskedLM}
 * @param tokens the tokens as the tokenizer spells them
 * @param sentence per token 0 (sentence A) or 1 (sentence B)
 * @param weights {@code [layer][head][query][key]} attention probabilities
 */
public record AttentionMaps(
    String architecture, String[] tokens, int[] sentence, float[][][][] weights) {
  /** The longest input drawn: lines grow with the square of the tokens. */
  public static final int MAX_TOKENS = 256;

  public int layers() {
    return weights.length;
  }

  public int heads() {
    return weights[0].length;
  }

  /** Runs the model folder's model on {@code text} (and {@code pair}, may be null). */
  public static AttentionMaps compute(Path modelDir, String text, String pair) throws IOException {
    if (!Files.isRegularFile(modelDir.resolve("tokenizer.json"))
        && !Files.isRegularFile(modelDir.resolve("vocab.txt"))
        && !Files.isRegularFile(modelDir.resolve("vocab.json"))) {
      throw new BadInputException(
          modelDir + " has no tokenizer files (tokenizer.json, vocab.txt or vocab.json)");
    }
    Tokenizer tokenizer = Tokenizer.load(modelDir).withTruncation(null).withPadding(null);
    try (NDManager manager = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.load(modelDir, manager);
      model.train(false);
      String type = model.config().modelType();
      boolean gpt2 = type.equals("gpt2");
      int[] ids;
      String[] tokens;
      int[] sentence;
      if (gpt2) {
        // No [SEP] in GPT-2: the two texts follow each other, as bertviz does.
        Encoding a = tokenizer.encode(text, null, false);
        Encoding b = pair == null ? null : tokenizer.encode(pair, null, false);
        int n = a.length() + (b == null ? 0 : b.length());
        ids = Arrays.copyOf(a.ids(), n);
        tokens = Arrays.copyOf(a.tokens(), n);
        sentence = new int[n];
        if (b != null) {
          System.arraycopy(b.ids(), 0, ids, a.length(), b.length());
          System.arraycopy(b.tokens(), 0, tokens, a.length(), b.length());
          Arrays.fill(sentence, a.length(), n, 1);
        }
      } else {
        Encoding e = tokenizer.encode(text, pair, true);
        ids = e.ids();
        tokens = e.tokens();
        sentence = e.typeIds().clone();
        if (pair != null && Arrays.stream(sentence).allMatch(s -> s == 0)) {
          // A tokenizer without type ids: sentence B starts after the first separator.
          int sep = -1;
          for (int i = 0; i < e.length(); i++) {
            if (e.specialTokensMask()[i] == 1 && i > 0) {
              sep = i;
              break;
            }
          }
          for (int i = sep + 1; sep >= 0 && i < sentence.length; i++) {
            sentence[i] = 1;
          }
        }
      }
      if (ids.length == 0) {
        throw new BadInputException("--text has no tokens; give some text");
      }
      if (ids.length > MAX_TOKENS) {
        throw new BadInputException(
            "the input has "
                + ids.length
                + " tokens; the view draws at most "
                + MAX_TOKENS
                + ": shorten --text/--pair");
      }
      long[][] idRow = {Arrays.stream(ids).asLongStream().toArray()};
      long[][] typeRow = {Arrays.stream(sentence).asLongStream().toArray()};
      NDArray inputIds = manager.create(idRow);
      NDArray mask = inputIds.onesLike();
      NDArray types = type.equals("bert") ? manager.create(typeRow) : null;
      Map<String, NDArray> out =
          model.forwardNamed(new ModelInput(inputIds, mask, types), new OutputOptions(false, true));
      List<float[][][]> layers = new ArrayList<>();
      for (int l = 0; out.containsKey("attentions." + l); l++) {
        NDArray a = out.get("attentions." + l); // (1, heads, seq, seq)
        int heads = (int) a.getShape().get(1);
        int n = ids.length;
        float[] flat = a.toFloatArray();
        float[][][] layer = new float[heads][n][n];
        for (int h = 0; h < heads; h++) {
          for (int q = 0; q < n; q++) {
            System.arraycopy(flat, (h * n + q) * n, layer[h][q], 0, n);
          }
        }
        layers.add(layer);
      }
      if (layers.isEmpty()) {
        throw new BadInputException(
            model.architecture()
                + " does not report attentions; use a BERT, DistilBERT or GPT-2"
                + " folder");
      }
      return new AttentionMaps(
          model.architecture(), tokens, sentence, layers.toArray(new float[0][][][]));
    }
  }
}
