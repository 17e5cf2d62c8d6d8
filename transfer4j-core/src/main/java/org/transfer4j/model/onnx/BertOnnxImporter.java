package org.transfer4j.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.transfer4j.BadInputException;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.onnx.OnnxGraph;
import org.transfer4j.io.onnx.OnnxTensors;
import org.transfer4j.io.onnx.proto.Onnx.AttributeProto;
import org.transfer4j.io.onnx.proto.Onnx.NodeProto;
import org.transfer4j.model.Labels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;

/**
 * Turns a BERT-family encoder exported to ONNX into {@link BertModel}'s configuration and tensors
 * (Hugging Face names, {@code [out, in]} projection weights). Sizes come from the tensors' shapes,
 * the head count from the constant shape of the query projection's {@code Reshape} ({@code (batch,
 * seq, heads, head_dim)}), the activation from the graph's {@code Erf} (exact GELU), the LayerNorm
 * epsilon from its {@code Add} (or {@code LayerNormalization}); a {@code config.json} given by the
 * user replaces the inference but must agree with the tensors. A checkpoint without {@code
 * pooler.*} gets {@code classifier_pooling = mean}: classifiers fine-tuned from it pool by the
 * masked mean, as the sentence-transformers models were trained (Reimers and Gurevych, 2019).
 *
 * <pre>{@code
 * BertOnnxImporter.Result r = BertOnnxImporter.convert(OnnxFile.read(path), null);
 * r.config().numAttentionHeads(); // 12 for all-MiniLM-L6-v2
 * }</pre>
 */
public final class BertOnnxImporter {
  private BertOnnxImporter() {}

  /** The converted model: its config and its tensors in {@link BertModel}'s order. */
  public record Result(BertConfig config, List<RawTensor> tensors) {}

  private static final String WORD = "embeddings.word_embeddings.weight";
  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

  /**
   * Converts the graph.
   *
   * @param given a config read from the user's {@code config.json}, or null to infer it
   * @throws BadInputException naming the tensor or node when the graph is no BERT encoder, a tensor
   *     fits no parameter or a parameter has no tensor
   */
  public static Result convert(OnnxGraph g, BertConfig given) {
    String prefix = prefix(g);
    Map<String, OnnxWeightNames.Weight> weights = OnnxWeightNames.resolve(g, prefix);
    BertConfig config = given != null ? given : infer(g, weights);
    boolean pooler = weights.containsKey("pooler.dense.weight");
    if (given == null && !pooler) {
      config = config.withClassifierPooling(BertConfig.POOLING_MEAN);
    }
    List<RawTensor> tensors = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, long[]> p : parameters(config, pooler).entrySet()) {
      long[] shape = p.getValue();
      OnnxWeightNames.Weight w = weights.get(p.getKey());
      if (w == null) {
        throw new BadInputException(
            g.source()
                + ": missing tensor "
                + prefix
                + p.getKey()
                + " (BertModel parameter of shape "
                + Arrays.toString(shape)
                + "); the export is incomplete or not a BERT encoder");
      }
      used.add(p.getKey());
      tensors.add(RawTensor.ofFloats(p.getKey(), shape, values(g, p.getKey(), w, shape)));
    }
    for (Map.Entry<String, OnnxWeightNames.Weight> e : weights.entrySet()) {
      if (!used.contains(e.getKey())) {
        throw new BadInputException(
            g.source()
                + ": tensor "
                + e.getValue().initializer()
                + (e.getValue().initializer().equals(prefix + e.getKey())
                    ? ""
                    : " (named " + e.getKey() + " from the graph)")
                + " fits no parameter of BertModel with "
                + config.numHiddenLayers()
                + " layers; only BERT-architecture encoders can be imported");
      }
    }
    return new Result(config, tensors);
  }

  /**
   * {@link BertModel}'s checkpoint names and shapes, listed here so that importing needs no tensor
   * engine (building a model would also draw its random initialisation from the engine's generator,
   * changing the results of a seeded run that converts on first use). Loading the written folder
   * with {@code LoadOptions.DEFAULTS}, which requires every tensor to match, checks this list.
   */
  static Map<String, long[]> parameters(BertConfig c, boolean pooler) {
    long h = c.hiddenSize();
    Map<String, long[]> p = new LinkedHashMap<>();
    p.put("embeddings.word_embeddings.weight", new long[] {c.vocabSize(), h});
    p.put("embeddings.position_embeddings.weight", new long[] {c.maxPositionEmbeddings(), h});
    if (c.typeVocabSize() > 0) {
      p.put("embeddings.token_type_embeddings.weight", new long[] {c.typeVocabSize(), h});
    }
    p.put("embeddings.LayerNorm.weight", new long[] {h});
    p.put("embeddings.LayerNorm.bias", new long[] {h});
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String l = "encoder.layer." + i + ".";
      for (String proj :
          List.of(
              "attention.self.query",
              "attention.self.key",
              "attention.self.value",
              "attention.output.dense")) {
        p.put(l + proj + ".weight", new long[] {h, h});
        p.put(l + proj + ".bias", new long[] {h});
      }
      p.put(l + "attention.output.LayerNorm.weight", new long[] {h});
      p.put(l + "attention.output.LayerNorm.bias", new long[] {h});
      p.put(l + "intermediate.dense.weight", new long[] {c.intermediateSize(), h});
      p.put(l + "intermediate.dense.bias", new long[] {c.intermediateSize()});
      p.put(l + "output.dense.weight", new long[] {h, c.intermediateSize()});
      p.put(l + "output.dense.bias", new long[] {h});
      p.put(l + "output.LayerNorm.weight", new long[] {h});
      p.put(l + "output.LayerNorm.bias", new long[] {h});
    }
    if (pooler) {
      p.put("pooler.dense.weight", new long[] {h, h});
      p.put("pooler.dense.bias", new long[] {h});
    }
    return p;
  }

  /** The values in {@code [out, in]} layout, checked against the parameter's shape. */
  private static float[] values(
      OnnxGraph g, String name, OnnxWeightNames.Weight w, long[] expected) {
    long[] stored = OnnxTensors.shape(w.tensor());
    long[] shape = stored;
    if (w.transposed()) {
      if (stored.length != 2) {
        throw new BadInputException(
            g.source()
                + ": MatMul weight "
                + w.initializer()
                + " ("
                + name
                + ") has shape "
                + Arrays.toString(stored)
                + ", expected a matrix");
      }
      shape = new long[] {stored[1], stored[0]};
    }
    if (!Arrays.equals(shape, expected)) {
      throw new BadInputException(
          g.source()
              + ": tensor "
              + w.initializer()
              + " ("
              + name
              + ") has shape "
              + Arrays.toString(stored)
              + (w.transposed() ? " ([in, out])" : "")
              + " but the parameter needs "
              + Arrays.toString(expected)
              + (w.transposed() ? " ([out, in])" : "")
              + "; the sizes in config.json do not match the export");
    }
    float[] v = OnnxTensors.floats(w.tensor(), g.source());
    if (!w.transposed()) {
      return v;
    }
    int in = (int) stored[0];
    int out = (int) stored[1];
    float[] t = new float[v.length]; // [in, out] -> [out, in]
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        t[o * in + i] = v[i * out + o];
      }
    }
    return t;
  }

  /** "" or the prefix before {@code embeddings.word_embeddings.weight} (such as "bert."). */
  private static String prefix(OnnxGraph g) {
    for (String name : g.initializers().keySet()) {
      if (name.endsWith(WORD)) {
        return name.substring(0, name.length() - WORD.length());
      }
    }
    throw new BadInputException(
        g.source()
            + " is not a BERT-family encoder export: it has no initializer named "
            + WORD
            + " (Hugging Face exports name embeddings, LayerNorm and bias tensors as in PyTorch)");
  }

  private static BertConfig infer(OnnxGraph g, Map<String, OnnxWeightNames.Weight> w) {
    long[] word = OnnxTensors.shape(w.get(WORD).tensor());
    int vocab = (int) word[0];
    int hidden = (int) word[1];
    int positions = rows(g, w, "embeddings.position_embeddings.weight");
    OnnxWeightNames.Weight types = w.get("embeddings.token_type_embeddings.weight");
    int typeVocab = types == null ? 0 : (int) OnnxTensors.shape(types.tensor())[0];
    int layers = 0;
    for (String name : w.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.find()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    if (layers == 0) {
      throw new BadInputException(
          g.source() + ": no encoder.layer.N.* tensors; the graph is not a BERT encoder");
    }
    int intermediate = rows(g, w, "encoder.layer.0.intermediate.dense.bias");
    int heads = heads(g, w, hidden);
    String act = activation(g);
    float eps = layerNormEps(g);
    return new BertConfig(
        vocab,
        hidden,
        layers,
        heads,
        intermediate,
        act,
        0.1f,
        0.1f,
        positions,
        typeVocab,
        0.02f,
        eps,
        0,
        "absolute",
        null,
        BertConfig.POOLING_CLS,
        Labels.numbered(2),
        List.of("BertModel"));
  }

  private static int rows(OnnxGraph g, Map<String, OnnxWeightNames.Weight> w, String name) {
    OnnxWeightNames.Weight t = w.get(name);
    if (t == null) {
      throw new BadInputException(
          g.source() + ": missing tensor " + name + "; the export is not a complete BERT encoder");
    }
    return (int) OnnxTensors.shape(t.tensor())[0];
  }

  /**
   * The head count: the third element of the constant shape {@code (batch, seq, heads, head_dim)}
   * that the query projection is reshaped to in layer 0.
   */
  private static int heads(OnnxGraph g, Map<String, OnnxWeightNames.Weight> w, int hidden) {
    OnnxWeightNames.Weight q = w.get("encoder.layer.0.attention.self.query.weight");
    if (q != null) {
      for (NodeProto mm : g.consumers(q.initializer())) {
        for (NodeProto add : g.consumers(mm.getOutput(0))) {
          for (NodeProto r : g.consumers(add.getOutput(0))) {
            if (!r.getOpType().equals("Reshape") || r.getInputCount() < 2) {
              continue;
            }
            Long[] shape = g.intVector(r.getInput(1));
            if (shape != null && shape.length == 4 && shape[2] != null && shape[2] > 0) {
              long h = shape[2];
              long d = shape[3] == null || shape[3] < 0 ? hidden / h : shape[3];
              if (h * d == hidden) {
                return (int) h;
              }
            }
          }
        }
      }
    }
    throw new BadInputException(
        g.source()
            + ": cannot find the number of attention heads (no Reshape of layer 0's query"
            + " projection to a constant (batch, seq, heads, head_dim)); pass --config config.json");
  }

  private static String activation(OnnxGraph g) {
    if (g.hasOp("Erf") || g.hasOp("Gelu")) {
      return "gelu";
    }
    if (g.hasOp("FastGelu") || (g.hasOp("Tanh") && g.hasOp("Pow"))) {
      return "gelu_new";
    }
    if (g.hasOp("Relu")) {
      return "relu";
    }
    throw new BadInputException(
        g.source()
            + ": cannot tell the activation (no Erf, Gelu, Tanh or Relu node); pass --config"
            + " config.json with hidden_act");
  }

  /** The epsilon of the first LayerNorm (fused op or decomposed {@code Sqrt(var + eps)}). */
  private static float layerNormEps(OnnxGraph g) {
    for (NodeProto n : g.nodes("LayerNormalization")) {
      AttributeProto a = OnnxGraph.attribute(n, "epsilon");
      return a == null ? 1e-5f : a.getF();
    }
    for (NodeProto sqrt : g.nodes("Sqrt")) {
      NodeProto add = g.producer(sqrt.getInput(0));
      if (add == null || !add.getOpType().equals("Add")) {
        continue;
      }
      for (String in : add.getInputList()) {
        Float eps = g.floatScalar(in);
        NodeProto other = g.producer(in);
        if (eps != null && (other == null || !other.getOpType().equals("ReduceMean"))) {
          return eps;
        }
      }
    }
    return 1e-12f;
  }
}
