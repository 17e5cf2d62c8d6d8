package org.transfer4j.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.transfer4j.model.CausalLm;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Text in, texts out, like Hugging Face's {@code pipeline("text-generation")}: encodes the prompt
 * with the model's tokenizer, runs the {@link Generator}, cuts each sequence at the end-of-text
 * token and after the first stop string (kept, as {@code stop_strings} does in Hugging Face), and
 * decodes the continuation without special tokens. With one sequence the text can be streamed while
 * it is generated.
 *
 * <pre>{@code
 * TextGenerator g = new TextGenerator(model, Tokenizer.load(dir));
 * GenerationConfig c = GenerationConfig.sampling(30, 1f, 50, 1f, 7L)
 *     .withEosTokenId(50256).withNumReturnSequences(5);
 * for (TextGenerator.Sequence s : g.generate("Humanity today is a", c)) {
 *   System.out.println(s.fullText());
 * }
 * }</pre>
 */
public final class TextGenerator {
  private final Generator generator;
  private final Tokenizer tokenizer;
  private final List<String> stops;

  /**
   * One generated sequence.
   *
   * @param prompt the prompt as given
   * @param continuation the generated text (end-of-text and special tokens left out)
   * @param newTokens generated tokens kept: up to the stop string, end-of-text excluded
   * @param ids the prompt's and the kept generated token ids
   */
  public record Sequence(String prompt, String continuation, int newTokens, long[] ids) {
    /** The prompt followed by the continuation, as the pipeline's {@code generated_text}. */
    public String fullText() {
      return prompt + continuation;
    }
  }

  public TextGenerator(CausalLm model, Tokenizer tokenizer) {
    this(new Generator(model), tokenizer, List.of());
  }

  private TextGenerator(Generator generator, Tokenizer tokenizer, List<String> stops) {
    this.generator = generator;
    this.tokenizer = tokenizer.withTruncation(null).withPadding(null);
    for (String s : stops) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("a stop string is empty");
      }
    }
    this.stops = List.copyOf(stops);
  }

  /** The same generator, finishing a sequence after the first of {@code stops} it produces. */
  public TextGenerator withStops(List<String> stops) {
    return new TextGenerator(generator, tokenizer, stops);
  }

  /** The prompt's token ids (no special tokens added). */
  public long[] encode(String prompt) {
    int[] ids = tokenizer.encode(prompt, null, false).ids();
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  /** {@code c.numReturnSequences()} continuations of {@code prompt}. */
  public List<Sequence> generate(String prompt, GenerationConfig c) {
    return generate(prompt, c, null);
  }

  /**
   * As {@link #generate(String, GenerationConfig)}; with one sequence and no beam search, {@code
   * stream} (may be {@code null}) receives the continuation piece by piece as it is generated (a
   * piece is held back while it ends inside a UTF-8 character).
   */
  public List<Sequence> generate(String prompt, GenerationConfig c, Consumer<String> stream) {
    return generate(prompt, c, stream, null);
  }

  /**
   * As {@link #generate(String, GenerationConfig, Consumer)}, finishing every sequence early, as
   * the end-of-sequence token would, once {@code stop} answers true (checked after each token; a
   * server sets it when the client has gone or the request timed out). Beam search does not check
   * it.
   */
  public List<Sequence> generate(
      String prompt, GenerationConfig c, Consumer<String> stream, BooleanSupplier stop) {
    return generate(prompt, promptIds(prompt), c, stream, stop);
  }

  /** The prompt's ids; a prompt without tokens cannot be continued. */
  private long[] promptIds(String prompt) {
    long[] ids = encode(prompt);
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt has no tokens; give some text");
    }
    return ids;
  }

  /** As {@link #generate(String, GenerationConfig, Consumer)} from token ids. */
  public List<Sequence> generate(long[] ids, GenerationConfig c, Consumer<String> stream) {
    return generate(decode(ids, 0, ids.length), ids, c, stream, null);
  }

  private List<Sequence> generate(
      String prompt,
      long[] ids,
      GenerationConfig c,
      Consumer<String> stream,
      BooleanSupplier stop) {
    boolean streaming = stream != null && c.numReturnSequences() == 1 && c.numBeams() == 1;
    StringBuilder emitted = new StringBuilder();
    Generator.StepCallback callback =
        stops.isEmpty() && !streaming && stop == null
            ? null
            : (row, tokens, promptEnd, length) ->
                step(
                    tokens,
                    promptEnd,
                    length,
                    stop,
                    streaming && row == 0 ? stream : null,
                    emitted);
    long[][] rows = generator.generate(new long[][] {ids}, c, callback);
    List<Sequence> out = new ArrayList<>(rows.length);
    for (long[] row : rows) {
      out.add(finish(prompt, row, ids.length, c.eosTokenId()));
    }
    if (streaming) {
      emit(out.get(0).continuation(), emitted, stream, true);
    }
    return out;
  }

  /**
   * One prompt of {@link #generateGreedy}: its token limit, and optionally a stream of its text
   * pieces, a stop signal and {@code finished}, called with its sequence as soon as it ends while
   * the rest of the batch decodes on.
   */
  public record Request(
      String prompt,
      int maxNewTokens,
      Consumer<String> stream,
      BooleanSupplier stop,
      Consumer<Sequence> finished) {
    public Request {
      if (prompt == null || prompt.isEmpty()) {
        throw new IllegalArgumentException("a prompt is empty; give some text");
      }
      if (maxNewTokens < 1) {
        throw new IllegalArgumentException(
            "max_new_tokens must be at least 1, got " + maxNewTokens);
      }
    }
  }

  /**
   * Greedy continuations of several prompts decoded together as one left-padded batch (one forward
   * pass per step for all of them; {@link Generator} gives each row the tokens it gets alone), each
   * ending at its own limit, the end-of-text token {@code eosTokenId} (-1: none), a stop string or
   * its stop signal. Serving uses it to decode concurrent requests at once.
   *
   * <pre>{@code
   * List<Sequence> s = g.generateGreedy(List.of(
   *     new TextGenerator.Request("Hello", 20, null, null, null),
   *     new TextGenerator.Request("My card", 5, System.out::print, null, null)), eos);
   * }</pre>
   */
  public List<Sequence> generateGreedy(List<Request> requests, int eosTokenId) {
    int n = requests.size();
    long[][] ids = new long[n][];
    int maxNew = 0;
    StringBuilder[] emitted = new StringBuilder[n];
    for (int i = 0; i < n; i++) {
      ids[i] = promptIds(requests.get(i).prompt());
      maxNew = Math.max(maxNew, requests.get(i).maxNewTokens());
      emitted[i] = new StringBuilder();
    }
    Sequence[] out = new Sequence[n];
    Generator.StepCallback rows =
        new Generator.StepCallback() {
          @Override
          public boolean afterToken(int row, long[] tokens, int promptEnd, int length) {
            Request r = requests.get(row);
            boolean end = step(tokens, promptEnd, length, r.stop(), r.stream(), emitted[row]);
            return end || length - promptEnd >= r.maxNewTokens();
          }

          @Override
          public void finished(int row, long[] tokens, int promptEnd, int length) {
            Request r = requests.get(row);
            int own = ids[row].length; // the batch is left-padded to the longest prompt
            long[] seq = Arrays.copyOfRange(tokens, promptEnd - own, length);
            out[row] = finish(r.prompt(), seq, own, eosTokenId);
            if (r.stream() != null) {
              emit(out[row].continuation(), emitted[row], r.stream(), true);
            }
            if (r.finished() != null) {
              r.finished().accept(out[row]);
            }
          }
        };
    generator.generate(ids, GenerationConfig.greedy(maxNew).withEosTokenId(eosTokenId), rows);
    return Arrays.asList(out);
  }

  /**
   * After each token of a row: whether it ends here, by its stop signal (nullable) or a stop
   * string; {@code stream} (nullable) gets the row's new text, cut at the stop string.
   */
  private boolean step(
      long[] tokens,
      int promptEnd,
      int length,
      BooleanSupplier stop,
      Consumer<String> stream,
      StringBuilder emitted) {
    if (stop != null && stop.getAsBoolean()) {
      return true;
    }
    if (stops.isEmpty() && stream == null) {
      return false; // nothing to look at: spare the decoding
    }
    String text = decode(tokens, promptEnd, length);
    int cut = stopEnd(text);
    if (stream != null) {
      emit(cut >= 0 ? text.substring(0, cut) : text, emitted, stream, false);
    }
    return cut >= 0;
  }

  private Sequence finish(String prompt, long[] row, int promptLength, int eos) {
    int end = row.length;
    for (int i = promptLength; i < row.length; i++) {
      if (eos >= 0 && row[i] == eos) {
        end = i;
        break;
      }
    }
    String text = decode(row, promptLength, end);
    if (!stops.isEmpty()) {
      // The shortest prefix of tokens whose text holds a stop string.
      for (int k = promptLength + 1; k <= end; k++) {
        String partial = decode(row, promptLength, k);
        int cut = stopEnd(partial);
        if (cut >= 0) {
          end = k;
          text = partial.substring(0, cut);
          break;
        }
      }
    }
    return new Sequence(prompt, text, end - promptLength, Arrays.copyOf(row, end));
  }

  /** Where the first stop string ends in {@code text}, or -1. */
  private int stopEnd(String text) {
    int best = -1;
    for (String s : stops) {
      int at = text.indexOf(s);
      if (at >= 0 && (best < 0 || at + s.length() < best)) {
        best = at + s.length();
      }
    }
    return best;
  }

  private String decode(long[] tokens, int from, int to) {
    int[] ids = new int[to - from];
    for (int i = from; i < to; i++) {
      ids[i - from] = (int) tokens[i];
    }
    return tokenizer.decode(ids, true);
  }

  private static void emit(
      String text, StringBuilder emitted, Consumer<String> stream, boolean last) {
    int upto = text.length();
    // An incomplete UTF-8 character decodes to U+FFFD until its last byte arrives.
    while (!last && upto > 0 && text.charAt(upto - 1) == '\uFFFD') {
      upto--;
    }
    if (upto > emitted.length() && text.startsWith(emitted.toString())) {
      stream.accept(text.substring(emitted.length(), upto));
      emitted.setLength(0);
      emitted.append(text, 0, upto);
    }
  }
}
