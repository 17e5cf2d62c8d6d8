package org.transfer4j.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.transfer4j.BadInputException;
import org.transfer4j.generate.CausalLms;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.Generator;
import org.transfer4j.generate.TextGenerator;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.tokenize.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Continues a prompt with a causal language model (GPT-2): greedy, sampling or beam search, with
 * Hugging Face's generation options (num_return_sequences, max_length, repetition_penalty,
 * no_repeat_ngram_size, stop strings).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Continue a prompt with a GPT-2 model folder: greedy decoding (default), sampling"
            + " (--temperature/--top-k/--top-p, seeded by --seed) or beam search (--num-beams)."
            + " --prompt TEXT uses the model folder's tokenizer unless --tokenizer is given; one"
            + " sequence streams to stdout as it is generated, --output writes JSONL (prompt,"
            + " generated_text, new_tokens). --prompt-ids prints ids.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin InferenceCliOptions inference;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Model folder (GPT2LMHeadModel), or an export folder of transfer4j export onnx.")
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
        description = "Prompt text, encoded with the model folder's tokenizer or --tokenizer.")
    String text;
  }

  @Option(
      names = "--tokenizer",
      paramLabel = "PATH",
      description =
          "tokenizer.json, or a folder with it or vocab.json + merges.txt (default: the model"
              + " folder's).")
  Path tokenizer;

  @ArgGroup(exclusive = true)
  Length length;

  static final class Length {
    @Option(
        names = "--max-new-tokens",
        paramLabel = "N",
        description = "Tokens to generate (default: 20).")
    Integer maxNewTokens;

    @Option(
        names = "--max-length",
        paramLabel = "N",
        description = "Total length, prompt included (Hugging Face's max_length).")
    Integer maxLength;
  }

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

  @Option(
      names = "--do-sample",
      description = "Sample from the model's distribution (temperature 1, no filtering).")
  boolean doSample;

  @Option(names = "--num-beams", paramLabel = "N", description = "Beam search with N beams.")
  int numBeams = 1;

  @Option(
      names = "--length-penalty",
      paramLabel = "X",
      description = "Beam score = log p / length^X (default: ${DEFAULT-VALUE}).")
  float lengthPenalty = 1f;

  @Option(
      names = "--num-return-sequences",
      paramLabel = "N",
      description =
          "Sequences per prompt: N samples when sampling, the N best beams (score order) with"
              + " beam search (default: ${DEFAULT-VALUE}).")
  int numReturnSequences = 1;

  @Option(
      names = "--repetition-penalty",
      paramLabel = "X",
      description =
          "Divide positive (multiply negative) logits of tokens already in the sequence by X, as"
              + " Hugging Face's repetition_penalty; 1 = off (default: ${DEFAULT-VALUE}).")
  float repetitionPenalty = 1f;

  @Option(
      names = "--no-repeat-ngram-size",
      paramLabel = "N",
      description = "Never repeat an n-gram of N tokens; 0 = off (default: ${DEFAULT-VALUE}).")
  int noRepeatNgramSize = 0;

  @Option(
      names = "--stop",
      paramLabel = "TEXT",
      description =
          "Finish a sequence after this text (kept in the output); repeatable. Needs a tokenizer.")
  List<String> stop = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write JSONL: one line per sequence with prompt, generated_text (prompt included, as the"
              + " pipeline), generated_ids, new_tokens.")
  Path output;

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
    boolean sample = doSample || temperature != null || topK != null || topP != null;
    if (greedy && sample) {
      throw new BadInputException(
          "--greedy cannot be combined with --do-sample/--temperature/--top-k/--top-p; choose one"
              + " strategy");
    }
    if (numReturnSequences < 1) {
      throw new BadInputException("--num-return-sequences must be >= 1, got " + numReturnSequences);
    }
    if (numReturnSequences > 1 && !sample && numReturnSequences > numBeams) {
      throw new BadInputException(
          numBeams == 1
              ? "--num-return-sequences "
                  + numReturnSequences
                  + " needs sampling (--do-sample, --temperature, --top-k, --top-p) or --num-beams"
                  + " >= "
                  + numReturnSequences
                  + "; greedy decoding gives one sequence"
              : "--num-return-sequences ("
                  + numReturnSequences
                  + ") must be <= --num-beams ("
                  + numBeams
                  + ")");
    }
    if (!(repetitionPenalty > 0)) {
      throw new BadInputException(
          "--repetition-penalty must be > 0 (1 = off, 1.2 is common), got " + repetitionPenalty);
    }
    if (noRepeatNgramSize < 0) {
      throw new BadInputException(
          "--no-repeat-ngram-size must be >= 0 (0 = off), got " + noRepeatNgramSize);
    }
    if (stop.stream().anyMatch(String::isEmpty)) {
      throw new BadInputException("--stop: an empty stop text; give at least one character");
    }
    Path dir = ModelFolders.resolve(model);
    Tokenizer tok = loadTokenizer(dir);
    if (!stop.isEmpty() && tok == null) {
      throw new BadInputException(
          "--stop needs a tokenizer to read the text; pass --tokenizer DIR");
    }
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (NDManager manager = NDManager.newBaseManager();
        CausalLms.Opened opened = CausalLms.open(model, dir, inference.toOptions(), manager, err)) {
      CausalLm lm = opened.lm();
      TextGenerator text = tok == null ? null : new TextGenerator(lm, tok).withStops(stop);
      long[] ids = prompt.text != null ? text.encode(prompt.text) : parseIds(prompt.ids);
      if (ids.length == 0) {
        throw new BadInputException("--prompt: the text has no tokens; give some text");
      }
      int eos = ignoreEos || !(opened.config() instanceof Gpt2Config g) ? -1 : g.eosTokenId();
      GenerationConfig c =
          new GenerationConfig(
              newTokens(ids.length),
              sample,
              temperature == null ? 1f : temperature,
              topK == null ? 0 : topK,
              topP == null ? 1f : topP,
              numBeams,
              lengthPenalty,
              eos,
              !noCache,
              engineOptions.toOptions().seed(),
              repetitionPenalty,
              noRepeatNgramSize,
              numReturnSequences);
      long t0 = System.nanoTime();
      List<TextGenerator.Sequence> sequences;
      if (prompt.text != null) {
        boolean streaming = numReturnSequences == 1 && numBeams == 1;
        if (streaming) {
          out.print(prompt.text);
          out.flush();
        }
        sequences =
            text.generate(
                prompt.text,
                c,
                streaming
                    ? piece -> {
                      out.print(piece);
                      out.flush();
                    }
                    : null);
        if (streaming) {
          out.println();
        } else {
          for (int i = 0; i < sequences.size(); i++) {
            out.printf(Locale.ROOT, "--- %d ---%n%s%n", i + 1, sequences.get(i).fullText());
          }
        }
      } else {
        sequences = generateIds(lm, ids, c, text, out);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int tokens = sequences.stream().mapToInt(TextGenerator.Sequence::newTokens).sum();
      if (output != null) {
        writeJsonl(sequences, ids.length, text != null);
        out.println("wrote " + sequences.size() + " sequence(s) to " + output);
      }
      err.printf(
          Locale.ROOT,
          "generated %d token(s) in %d sequence(s), %.2f s (%.1f tokens/s, engine %s)%n",
          tokens,
          sequences.size(),
          seconds,
          tokens / Math.max(seconds, 1e-9),
          opened.engine());
    }
    return 0;
  }

  /** --prompt-ids: prints ids (and the text when a tokenizer is at hand) per sequence. */
  private static List<TextGenerator.Sequence> generateIds(
      CausalLm lm, long[] ids, GenerationConfig c, TextGenerator text, PrintWriter out) {
    List<TextGenerator.Sequence> sequences = new ArrayList<>();
    if (text != null) {
      sequences.addAll(text.generate(ids, c, null));
    } else {
      for (long[] row : new Generator(lm).generate(new long[][] {ids}, c)) {
        int end = row.length; // up to the first EOS, which stays out of the count
        for (int i = ids.length; i < row.length && c.eosTokenId() >= 0; i++) {
          if (row[i] == c.eosTokenId()) {
            end = i;
            break;
          }
        }
        sequences.add(
            new TextGenerator.Sequence(
                join(ids), "", end - ids.length, java.util.Arrays.copyOf(row, end)));
      }
    }
    out.println("prompt ids:    " + join(ids));
    for (int i = 0; i < sequences.size(); i++) {
      TextGenerator.Sequence s = sequences.get(i);
      long[] all = s.ids();
      out.println(
          (sequences.size() > 1 ? String.format(Locale.ROOT, "[%d] ", i + 1) : "")
              + "generated ids: "
              + join(java.util.Arrays.copyOfRange(all, ids.length, all.length)));
      if (text != null) {
        out.println("text:          " + s.fullText());
      }
    }
    return sequences;
  }

  private int newTokens(int promptLength) {
    if (length != null && length.maxLength != null) {
      if (length.maxLength <= promptLength) {
        throw new BadInputException(
            String.format(
                Locale.ROOT,
                "--max-length %d leaves no room: the prompt already has %d tokens; raise"
                    + " --max-length or use --max-new-tokens",
                length.maxLength,
                promptLength));
      }
      return length.maxLength - promptLength;
    }
    int n = length != null && length.maxNewTokens != null ? length.maxNewTokens : 20;
    if (n < 0) {
      throw new BadInputException("--max-new-tokens must be >= 0, got " + n);
    }
    return n;
  }

  private Tokenizer loadTokenizer(Path dir) throws java.io.IOException {
    if (tokenizer != null) {
      if (!Files.exists(tokenizer)) {
        throw new BadInputException(
            "--tokenizer "
                + tokenizer
                + " does not exist; give tokenizer.json or a folder with it or vocab.json +"
                + " merges.txt");
      }
      return Tokenizer.load(tokenizer);
    }
    boolean inFolder =
        Files.isRegularFile(dir.resolve("tokenizer.json"))
            || (Files.isRegularFile(dir.resolve("vocab.json"))
                && Files.isRegularFile(dir.resolve("merges.txt")));
    if (inFolder) {
      return Tokenizer.load(dir);
    }
    if (prompt.text != null) {
      throw new BadInputException(
          "--prompt needs a tokenizer: "
              + dir
              + " has no tokenizer.json (nor vocab.json + merges.txt); pass --tokenizer DIR or"
              + " use --prompt-ids");
    }
    return null;
  }

  /** One line per sequence: prompt, generated_text (with a tokenizer), generated_ids, count. */
  private void writeJsonl(List<TextGenerator.Sequence> sequences, int promptLength, boolean text)
      throws java.io.IOException {
    try (TextOutput o = new TextOutput(output, spec.commandLine().getOut())) {
      for (TextGenerator.Sequence s : sequences) {
        JsonObject j = new JsonObject();
        j.addProperty("prompt", s.prompt());
        if (text) {
          j.addProperty("generated_text", s.fullText());
        }
        com.google.gson.JsonArray generated = new com.google.gson.JsonArray();
        for (int i = promptLength; i < s.ids().length; i++) {
          generated.add(s.ids()[i]);
        }
        j.add("generated_ids", generated);
        j.addProperty("new_tokens", s.newTokens());
        o.line(j.toString());
      }
      o.commit();
    }
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
