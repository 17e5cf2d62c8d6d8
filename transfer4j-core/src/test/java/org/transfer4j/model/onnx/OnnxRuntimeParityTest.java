package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;

/**
 * The built-in all-MiniLM-L6-v2, imported from its ONNX export, against ONNX Runtime running that
 * export (the reference runtime, as langchain4j uses it) on 1,000 BANKING77 texts (Casanueva et
 * al., 2020, PolyAI): token ids equal to Hugging Face tokenizers' on the artifact's tokenizer.json,
 * last hidden states within 1e-4 on real positions, masked-mean sentence vectors with cosine >=
 * 0.9999.
 *
 * <p>Tagged slow (about 50 s on two busy cores, the first conversion of the built-in model
 * included): 1,000 texts through two runtimes is the bar for parity.
 */
@Tag("slow")
class OnnxRuntimeParityTest {
  static final int TEXTS = 1000;
  static final int BATCH = 50;

  @Test
  void lastHiddenStateAndSentenceVectorsMatchOnnxRuntime(@TempDir Path tmp) throws Exception {
    Path csv = SharedData.require("data/banking77/test.csv");
    List<String> texts = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csv)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().build().parse(r)) {
        if (texts.size() < TEXTS) {
          texts.add(rec.get("text"));
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults());
    Path dir = ModelFolders.resolve("all-MiniLM-L6-v2");
    BertConfig config = BertConfig.read(dir);
    assertThat(config.numHiddenLayers()).isEqualTo(6);
    assertThat(config.hiddenSize()).isEqualTo(384);
    assertThat(config.numAttentionHeads()).isEqualTo(12);
    assertThat(config.intermediateSize()).isEqualTo(1536);
    assertThat(config.hiddenAct()).isEqualTo("gelu");
    assertThat(config.layerNormEps()).isEqualTo(1e-12f);
    assertThat(config.vocabSize()).isEqualTo(30522);
    assertThat(config.meanPooling()).isTrue();

    // Token ids: ours (from the converted folder) against HF tokenizers on the artifact's file.
    Tokenizer ours = Tokenizer.load(dir);
    Path artifactTokenizer = tmp.resolve("tokenizer.json");
    try (InputStream in = resource("all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, artifactTokenizer);
    }
    List<int[]> ids = new ArrayList<>();
    try (HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(artifactTokenizer)
            .optPadding(false)
            .optTruncation(false)
            .build()) {
      for (String t : texts) {
        Encoding e = ours.encode(t);
        long[] ref = hf.encode(t).getIds();
        assertThat(e.ids()).as(t).containsExactly(toInts(ref));
        ids.add(e.ids());
      }
    }

    // Batches of similar length, padded, through both runtimes.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> ids.get(i).length));
    byte[] onnx;
    try (InputStream in = resource("all-minilm-l6-v2.onnx")) {
      onnx = in.readAllBytes();
    }
    float maxDiff = 0;
    double minCos = 1;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        NDManager manager = NDManager.newBaseManager()) {
      so.setIntraOpNumThreads(2);
      BertModel model = HfModels.load(dir, BertModel.class, manager);
      model.train(false);
      try (OrtSession session = env.createSession(onnx, so)) {
        for (int start = 0; start < order.size(); start += BATCH) {
          List<Integer> batch = order.subList(start, Math.min(order.size(), start + BATCH));
          int seq = ids.get(batch.get(batch.size() - 1)).length;
          long[][] inputIds = new long[batch.size()][seq];
          long[][] mask = new long[batch.size()][seq];
          long[][] types = new long[batch.size()][seq];
          for (int b = 0; b < batch.size(); b++) {
            int[] row = ids.get(batch.get(b));
            for (int s = 0; s < row.length; s++) {
              inputIds[b][s] = row[s];
              mask[b][s] = 1;
            }
          }
          float[][][] ref;
          try (OnnxTensor a = OnnxTensor.createTensor(env, inputIds);
              OnnxTensor m = OnnxTensor.createTensor(env, mask);
              OnnxTensor t = OnnxTensor.createTensor(env, types);
              OrtSession.Result r =
                  session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
            ref = (float[][][]) r.get(0).getValue();
          }
          try (NDManager sub = manager.newSubManager()) {
            Shape shape = new Shape(batch.size(), seq);
            ModelInput in =
                new ModelInput(
                    sub.create(flat(inputIds), shape),
                    sub.create(flat(mask), shape),
                    sub.create(flat(types), shape));
            NDArray hidden = model.forward(in, OutputOptions.NONE).hidden(); // (batch, seq, 384)
            float[] got = hidden.toFloatArray();
            for (int b = 0; b < batch.size(); b++) {
              int len = ids.get(batch.get(b)).length;
              double[] meanOurs = new double[384];
              double[] meanRef = new double[384];
              for (int s = 0; s < len; s++) {
                for (int h = 0; h < 384; h++) {
                  float o = got[(b * seq + s) * 384 + h];
                  float e = ref[b][s][h];
                  maxDiff = Math.max(maxDiff, Math.abs(o - e));
                  meanOurs[h] += o / len;
                  meanRef[h] += e / len;
                }
              }
              minCos = Math.min(minCos, cosine(meanOurs, meanRef));
            }
          }
        }
      }
    }
    System.err.printf(
        "all-MiniLM-L6-v2 vs ONNX Runtime on %d texts: max |diff| %.3g, min cosine %.8f%n",
        texts.size(), maxDiff, minCos);
    assertThat(maxDiff).as("max |ours - ONNX Runtime| of last_hidden_state").isLessThan(1e-4f);
    assertThat(minCos).as("min cosine of mean-pooled sentence vectors").isGreaterThan(0.9999);
  }

  private static InputStream resource(String name) {
    InputStream in = OnnxRuntimeParityTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as("class path resource " + name).isNotNull();
    return in;
  }

  private static int[] toInts(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  private static long[] flat(long[][] m) {
    long[] out = new long[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
    }
    return out;
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
