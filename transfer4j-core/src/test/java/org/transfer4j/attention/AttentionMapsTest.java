package org.transfer4j.attention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Tokenizer;

/** GPT-2 attentions in forward, and the attention maps of BERT, DistilBERT and GPT-2 folders. */
class AttentionMapsTest {
  @TempDir Path tmp;

  /** Layer 0's probabilities, recomputed from the checkpoint's tensors by hand. */
  @Test
  void gpt2AttentionsMatchABruteForceSoftmaxOnTheGoldenFolder() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager();
        SafeTensorsFile inputs = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      Gpt2LMHeadModel model = HfModels.load(dir, Gpt2LMHeadModel.class, m);
      model.train(false);
      NDArray ids = inputs.toNDArray("input_ids", m).get("0:1"); // (1, t)
      Map<String, NDArray> out =
          model.forwardNamed(ModelInput.of(ids), new OutputOptions(true, true));
      Gpt2Config c = model.config();
      assertThat(out).containsKeys("attentions.0", "attentions." + (c.nLayer() - 1));
      NDArray got = out.get("attentions.0"); // (1, heads, t, t)
      int t = (int) ids.getShape().get(1);
      // By hand: ln_1 of the embeddings, c_attn, softmax(q k^T / sqrt(d) + causal mask).
      var p = model.namedParameters();
      NDArray x = out.get("hidden_states.0").get(0); // (t, embd)
      NDArray mean = x.mean(new int[] {-1}, true);
      NDArray var = x.sub(mean).square().mean(new int[] {-1}, true);
      NDArray ln =
          x.sub(mean)
              .div(var.add(c.layerNormEpsilon()).sqrt())
              .mul(p.get("transformer.h.0.ln_1.weight").value())
              .add(p.get("transformer.h.0.ln_1.bias").value());
      NDArray qkv =
          ln.matMul(p.get("transformer.h.0.attn.c_attn.weight").value())
              .add(p.get("transformer.h.0.attn.c_attn.bias").value()); // (t, 3 embd)
      int d = c.headDim();
      float[] all = qkv.toFloatArray();
      float[] want = got.toFloatArray();
      for (int h = 0; h < c.nHead(); h++) {
        for (int i = 0; i < t; i++) {
          double[] s = new double[t];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
              dot +=
                  all[i * 3 * c.nEmbd() + h * d + k]
                      * all[j * 3 * c.nEmbd() + c.nEmbd() + h * d + k];
            }
            s[j] = dot / Math.sqrt(d);
            max = Math.max(max, s[j]);
          }
          double z = 0;
          for (int j = 0; j <= i; j++) {
            z += Math.exp(s[j] - max);
          }
          for (int j = 0; j < t; j++) {
            double expected = j <= i ? Math.exp(s[j] - max) / z : 0;
            assertThat((double) want[(h * t + i) * t + j])
                .as("head %d query %d key %d", h, i, j)
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
    }
  }

  @Test
  void mapsOfBertDistilBertAndGpt2Folders() throws Exception {
    Path gpt2Vocab = SharedData.require("data/tokenizers/gpt2");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Path bert = tmp.resolve("bert");
    Path distil = tmp.resolve("distilbert");
    Path gpt2 = tmp.resolve("gpt2");
    // A small WordPiece vocabulary keeps the BERT models small.
    String vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ncat\nsat\nit\nwas\ntired\n";
    Files.createDirectories(bert);
    Files.writeString(bert.resolve("vocab.txt"), vocab);
    try (NDManager m = NDManager.newBaseManager()) {
      HfModels.save(HfModels.create(BertConfig.of(2, 64).withVocabSize(11), "BertModel", m), bert);
      Files.createDirectories(distil);
      Files.writeString(
          distil.resolve("config.json"),
          "{\"architectures\": [\"DistilBertModel\"], \"model_type\": \"distilbert\","
              + " \"vocab_size\": 11, \"dim\": 32, \"n_layers\": 3, \"n_heads\": 4,"
              + " \"hidden_dim\": 64, \"max_position_embeddings\": 64}");
      HfModels.save(HfModels.create(DistilBertConfig.read(distil), "DistilBertModel", m), distil);
      HfModels.save(
          HfModels.create(Gpt2Config.of(50257, 64, 32, 2, 4, 0.1f), "GPT2LMHeadModel", m), gpt2);
    }
    Files.writeString(distil.resolve("vocab.txt"), vocab);
    Tokenizer.load(gpt2Vocab).save(gpt2);

    AttentionMaps b = AttentionMaps.compute(bert, "the cat sat", "it was tired");
    assertThat(b.tokens())
        .containsExactly("[CLS]", "the", "cat", "sat", "[SEP]", "it", "was", "tired", "[SEP]");
    assertThat(b.sentence()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(b.layers()).isEqualTo(2);
    assertThat(b.heads()).isEqualTo(1);
    assertRowsSumToOne(b);

    AttentionMaps dm = AttentionMaps.compute(distil, "the cat sat", "it was tired");
    assertThat(dm.layers()).isEqualTo(3);
    assertThat(dm.heads()).isEqualTo(4);
    assertThat(dm.sentence()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertRowsSumToOne(dm);

    AttentionMaps g = AttentionMaps.compute(gpt2, "Hello world", " again");
    assertThat(g.tokens()).containsExactly("Hello", "Ġworld", "Ġagain");
    assertThat(g.sentence()).containsExactly(0, 0, 1);
    assertThat(g.layers()).isEqualTo(2);
    assertThat(g.heads()).isEqualTo(4);
    assertRowsSumToOne(g);
    assertThat(g.weights()[1][2][0][1]).isZero(); // causal: the first token sees only itself

    String html = AttentionView.html(g, "Hello world </script>");
    assertThat(html).contains("GPT2LMHeadModel: Hello world &lt;/script&gt; (2 layers, 4 heads)");
    // Self-contained: nothing loaded from elsewhere (the SVG namespace URI is only a name).
    assertThat(html).doesNotContain("src=").doesNotContain("<link").doesNotContain("@import");
    assertThat(html.indexOf("</script>")).isGreaterThan(html.indexOf("\"attentions\""));
    assertThat(AttentionView.json(g)).startsWith("{\"architecture\":\"GPT2LMHeadModel\"");
  }

  private static void assertRowsSumToOne(AttentionMaps maps) {
    for (float[][][] layer : maps.weights()) {
      for (float[][] head : layer) {
        for (float[] row : head) {
          double sum = 0;
          for (float w : row) {
            sum += w;
          }
          assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
  }
}
