package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Tokenizer;

/** The generate verb (and forward for GPT-2), in-process. */
class GenerateCliTest {
  static String join(long[] ids) {
    return LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
  }

  @Test
  void greedyReproducesTheGoldenReferenceWithAndWithoutCache() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    long[] prompt;
    long[] reference;
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      prompt = f.readLongs("greedy_prompt");
      reference = f.readLongs("greedy_output");
    }
    long[] continuation = java.util.Arrays.copyOfRange(reference, prompt.length, reference.length);
    String n = Integer.toString(continuation.length);
    for (String extra : new String[] {"--greedy", "--no-cache"}) {
      Result r =
          run(
              "generate",
              "--model",
              dir.toString(),
              "--prompt-ids",
              join(prompt),
              "--max-new-tokens",
              n,
              extra,
              "--ignore-eos",
              "--threads",
              "1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("generated ids: " + join(continuation));
    }
  }

  @Test
  void samplingIsSeeded() {
    Path dir = SharedData.require("golden/gpt2-lm");
    String[] args = {
      "generate",
      "--model",
      dir.toString(),
      "--prompt-ids",
      "1,2,3",
      "--max-new-tokens",
      "10",
      "--temperature",
      "1.5",
      "--top-k",
      "40",
      "--top-p",
      "0.95",
      "--seed",
      "7",
      "--threads",
      "1"
    };
    Result a = run(args);
    Result b = run(args);
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(a.out()).isEqualTo(b.out()).contains("generated ids: ");
  }

  @Test
  void forwardWritesGoldenLogitsAndHiddenStates(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Path out = tmp.resolve("out.safetensors");
    Result r =
        run(
            "forward",
            "--model",
            dir.toString(),
            "--inputs",
            dir.resolve("inputs.safetensors").toString(),
            "--output",
            out.toString(),
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    try (SafeTensorsFile got = SafeTensorsFile.open(out);
        SafeTensorsFile want = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      for (String name : new String[] {"logits", "hidden_states.0", "hidden_states.2"}) {
        float[] g = got.readFloats(name);
        float[] w = want.readFloats(name);
        assertThat(g).as(name).hasSameSizeAs(w);
        for (int i = 0; i < g.length; i++) {
          assertThat(Math.abs(g[i] - w[i])).as("%s[%d]", name, i).isLessThan(1e-4f);
        }
      }
    }
    Result inspect = run("inspect", "--model", dir.toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out()).contains("GPT2LMHeadModel");
  }

  @Test
  void textPromptUsesTheModelFoldersTokenizerStreamsAndWritesJsonl(@TempDir Path tmp)
      throws Exception {
    Path vocab = SharedData.require("data/tokenizers/gpt2");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Path dir = tmp.resolve("model");
    try (NDManager m = NDManager.newBaseManager()) {
      // Full GPT-2 vocabulary, tiny width: random but valid for the real tokenizer.
      Gpt2Config c = Gpt2Config.of(50257, 64, 8, 1, 2, 0.1f);
      HfModels.save(new Gpt2LMHeadModel(m, c), dir);
    }
    Tokenizer.load(vocab).save(dir); // tokenizer files in the model folder: no --tokenizer
    Result streamed =
        run(
            "generate",
            "--model",
            dir.toString(),
            "--prompt",
            "Hello world",
            "--max-new-tokens",
            "3",
            "--ignore-eos",
            "--threads",
            "1");
    assertThat(streamed.code()).as(streamed.err()).isZero();
    assertThat(streamed.out()).startsWith("Hello world");
    assertThat(streamed.err()).contains("generated 3 token(s) in 1 sequence(s)");

    Path jsonl = tmp.resolve("out/samples.jsonl");
    Result sampled =
        run(
            "generate",
            "--model",
            dir.toString(),
            "--prompt",
            "Hello world",
            "--max-length",
            "6",
            "--do-sample",
            "--num-return-sequences",
            "3",
            "--repetition-penalty",
            "1.2",
            "--no-repeat-ngram-size",
            "2",
            "--ignore-eos",
            "--output",
            jsonl.toString(),
            "--seed",
            "5",
            "--threads",
            "1");
    assertThat(sampled.code()).as(sampled.err()).isZero();
    assertThat(sampled.out()).contains("--- 3 ---").contains("wrote 3 sequence(s) to");
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      JsonObject j = JsonParser.parseString(line).getAsJsonObject();
      assertThat(j.get("prompt").getAsString()).isEqualTo("Hello world");
      assertThat(j.get("generated_text").getAsString()).startsWith("Hello world");
      // --max-length is the total: 6 - 2 prompt tokens (15496, 995) = 4 new tokens.
      assertThat(j.get("new_tokens").getAsInt()).isEqualTo(4);
      assertThat(j.getAsJsonArray("generated_ids")).hasSize(4);
      assertThat(sampled.out()).contains(j.get("generated_text").getAsString());
    }
    assertThat(lines.stream().distinct()).hasSize(3);

    Result ids =
        run(
            "generate",
            "--model",
            dir.toString(),
            "--prompt-ids",
            "15496,995",
            "--num-beams",
            "3",
            "--num-return-sequences",
            "2",
            "--max-new-tokens",
            "2",
            "--ignore-eos",
            "--threads",
            "1");
    assertThat(ids.code()).as(ids.err()).isZero();
    assertThat(ids.out())
        .contains("prompt ids:    15496,995")
        .contains("[1] generated ids: ")
        .contains("[2] generated ids: ")
        .contains("text:          Hello world");
  }

  @Test
  void badInputIsOneLineAndExitTwo(@TempDir Path tmp) {
    Path dir = SharedData.require("golden/gpt2-lm");
    Map<String[], String> cases = new LinkedHashMap<>();
    cases.put(
        new String[] {"generate", "--model", dir.toString(), "--prompt-ids", "1,x"},
        "'x' (item 2) is not a token id");
    cases.put(
        new String[] {"generate", "--model", dir.toString(), "--prompt", "hi"},
        "--prompt needs a tokenizer");
    cases.put(
        new String[] {
          "generate", "--model", dir.toString(), "--prompt-ids", "1", "--num-return-sequences", "2"
        },
        "greedy decoding gives one sequence");
    cases.put(
        new String[] {
          "generate", "--model", dir.toString(), "--prompt-ids", "1,2", "--max-length", "2"
        },
        "--max-length 2 leaves no room: the prompt already has 2 tokens");
    cases.put(
        new String[] {
          "generate",
          "--model",
          dir.toString(),
          "--prompt-ids",
          "1",
          "--max-length",
          "9",
          "--max-new-tokens",
          "3"
        },
        "mutually exclusive");
    cases.put(
        new String[] {"generate", "--model", dir.toString(), "--prompt-ids", "1", "--stop", "x"},
        "--stop needs a tokenizer");
    cases.put(
        new String[] {"generate", "--model", tmp.resolve("nope").toString(), "--prompt-ids", "1"},
        "no such model folder");
    cases.put(
        new String[] {
          "generate", "--model", dir.toString(), "--prompt-ids", "1", "--greedy", "--top-k", "3"
        },
        "--greedy cannot be combined");
    cases.put(
        new String[] {"generate", "--model", dir.toString(), "--prompt-ids", "1,500"},
        "token id 500 is outside the model's vocabulary");
    cases.put(
        new String[] {
          "generate", "--model", dir.toString(), "--prompt-ids", "1", "--max-new-tokens", "40"
        },
        "exceeds the model's 32 positions");
    cases.put(
        new String[] {
          "generate",
          "--model",
          SharedData.require("golden/bert-pretraining").toString(),
          "--prompt-ids",
          "1"
        },
        "cannot generate text");
    for (Map.Entry<String[], String> e : cases.entrySet()) {
      Result r = run(e.getKey());
      assertThat(r.code()).as(String.join(" ", e.getKey()) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains(e.getValue()).doesNotContain("\tat ");
    }
  }
}
