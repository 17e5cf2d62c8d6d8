package org.transfer4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.transfer4j.BadInputException;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.Generator;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.tokenize.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Continues a prompt with a causal language model (GPT-2): greedy, sampling or beam search. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Continue a prompt with a GPT-2 model folder: greedy decoding (default), sampling"
            + " (--temperature/--top-k/--top-p, seeded by --seed) or beam search (--num-beams)."
            + " Prints the generated ids, and the text when a tokenizer is given.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description = "Model folder or built-in model name (transfer4j models).")
  String model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Prompt prompt;

  static final class Prompt {
    @Option(
        names = "--prompt-ids",
        paramLabel = "IDS",
        description = "Comma-separated token ids, e.g. 464,3290,318.")
    String ids;

    @Option(
        names = "--prompt",
        paramLabel = "TEXT",
        description = "Prompt text (needs --tokenizer).")
    String text;
  }

  @Option(
      names = "--tokenizer",
      paramLabel = "PATH",
      description = "tokenizer.json, or a folder with it or vocab.json + merges.txt.")
  Path tokenizer;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens = 20;

  @Option(names = "--greedy", description = "Greedy decoding (the default).")
  boolean greedy;

  @Option(names = "--temperature", paramLabel = "T", description = "Sample with temperature T.")
  Float temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K likeliest tokens.")
  Integer topK;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      description = "Sample from the smallest set of tokens with probability >= P (nucleus).")
  Float topP;

  @Option(names = "--num-beams", paramLabel = "N", description = "Beam search with N beams.")
  int numBeams = 1;

  @Option(
      names = "--length-penalty",
      paramLabel = "X",
      description = "Beam score = log p / length^X (default: ${DEFAULT-VALUE}).")
  float lengthPenalty = 1f;

  @Option(
      names = "--no-cache",
      description = "Recompute the whole sequence at every step instead of caching keys/values.")
  boolean noCache;

  @Option(
      names = "--ignore-eos",
      description = "Do not stop at the end-of-text token (eos_token_id of config.json).")
  boolean ignoreEos;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    boolean sample = temperature != null || topK != null || topP != null;
    if (greedy && sample) {
      throw new BadInputException(
          "--greedy cannot be combined with --temperature/--top-k/--top-p; choose one strategy");
    }
    if (prompt.text != null && tokenizer == null) {
      throw new BadInputException("--prompt needs --tokenizer to turn the text into ids");
    }
    long[] ids = prompt.text != null ? null : parseIds(prompt.ids);
    Tokenizer tok = tokenizer == null ? null : Tokenizer.load(tokenizer);
    if (ids == null) {
      int[] encoded = tok.encode(prompt.text).ids();
      ids = new long[encoded.length];
      for (int i = 0; i < encoded.length; i++) {
        ids[i] = encoded[i];
      }
    }
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (NDManager manager = NDManager.newBaseManager()) {
      HfModels.Loaded loaded =
          HfModels.loadWithReport(ModelFolders.resolve(model), manager, LoadOptions.DEFAULTS);
      if (!loaded.report().isComplete()) {
        err.println(loaded.report().summary());
      }
      PretrainedModel m = loaded.model();
      if (!(m instanceof CausalLm lm)) {
        throw new BadInputException(
            model
                + " holds a "
                + m.architecture()
                + ", which cannot generate text; use a GPT-2 (GPT2LMHeadModel) folder");
      }
      int eos = ignoreEos || !(m.config() instanceof Gpt2Config g) ? -1 : g.eosTokenId();
      GenerationConfig c =
          new GenerationConfig(
              maxNewTokens,
              sample,
              temperature == null ? 1f : temperature,
              topK == null ? 0 : topK,
              topP == null ? 1f : topP,
              numBeams,
              lengthPenalty,
              eos,
              !noCache,
              engineOptions.toOptions().seed());
      long[] result = new Generator(lm).generate(new long[][] {ids}, c)[0];
      long[] generated = java.util.Arrays.copyOfRange(result, ids.length, result.length);
      out.println("prompt ids:    " + join(ids));
      out.println("generated ids: " + join(generated));
      if (tok != null) {
        out.println("text:          " + tok.decode(toInts(result), false));
      }
    }
    return 0;
  }

  static long[] parseIds(String text) {
    String[] parts = text.split(",");
    long[] ids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new BadInputException(
            String.format(
                Locale.ROOT,
                "--prompt-ids: '%s' (item %d) is not a token id; give comma-separated integers"
                    + " such as 464,3290",
                parts[i].trim(),
                i + 1));
      }
    }
    return ids;
  }

  private static String join(long[] ids) {
    return LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }
}
