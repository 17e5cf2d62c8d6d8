package org.transfer4j.serve;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.transfer4j.generate.CausalLms;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.TextGenerator;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A GPT-2 folder ({@link TextGenerator}) for {@code /v1/generate}, behind a {@link MicroBatcher}:
 * greedy requests that arrive together are decoded as one left-padded batch, one forward pass per
 * step for all of them ({@link TextGenerator#generateGreedy}: each gets the tokens it gets alone),
 * and each is answered as soon as its own sequence ends; sampled requests, whose random draws are
 * defined per request, run one at a time. Text pieces reach {@code stream} as they are decoded; a
 * request answered early (timeout, client gone) stops its decoding at the next token.
 *
 * <pre>{@code
 * GeneratorServer g = GeneratorServer.load("gpt2", dir, config, metrics);
 * TextGenerator.Sequence s = g.generate("Hello", GenerationConfig.greedy(20), this::send).join();
 * }</pre>
 */
public final class GeneratorServer implements ServedModel {
  private record Job(
      String prompt,
      int promptTokens,
      GenerationConfig config,
      Consumer<String> stream,
      AtomicBoolean stop,
      CompletableFuture<TextGenerator.Sequence> answer) {
    boolean greedy() {
      return !config.doSample() && config.numBeams() == 1 && config.numReturnSequences() == 1;
    }
  }

  private final String name;
  private final NDManager manager;
  private final CausalLms.Opened opened;
  private final int context;
  private final TextGenerator generator;
  private final int eos;
  private final ServeMetrics metrics;
  private final MicroBatcher<Job, TextGenerator.Sequence> batcher;

  private GeneratorServer(
      String name,
      NDManager manager,
      CausalLms.Opened opened,
      Tokenizer tokenizer,
      ServerConfig c,
      ServeMetrics metrics) {
    this.name = name;
    this.manager = manager;
    this.opened = opened;
    this.context = opened.lm().maxPositions();
    this.generator = new TextGenerator(opened.lm(), tokenizer);
    this.eos = opened.config() instanceof Gpt2Config g ? g.eosTokenId() : -1;
    this.metrics = metrics;
    this.batcher =
        new MicroBatcher<>(name, this::run, c.maxBatch(), c.maxWaitMs(), c.maxQueue(), metrics);
  }

  /**
   * Loads a GPT-2 folder with its tokenizer, on the engine of {@code c.inference()}: ONNX Runtime
   * by default (about twice PyTorch's tokens per second on GPT-2 small, BENCHMARKS.md), the same
   * ids either way.
   */
  public static GeneratorServer load(String name, Path dir, ServerConfig c, ServeMetrics metrics)
      throws IOException {
    Tokenizer tokenizer = Tokenizer.load(dir);
    NDManager manager = NDManager.newBaseManager();
    try {
      PrintWriter err = new PrintWriter(System.err, true);
      CausalLms.Opened opened = CausalLms.open(dir.toString(), dir, c.inference(), manager, err);
      return new GeneratorServer(name, manager, opened, tokenizer, c, metrics);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** One batch of jobs, on the model's thread: greedy ones together, sampled ones alone. */
  private List<TextGenerator.Sequence> run(List<Job> jobs) {
    TextGenerator.Sequence[] out = new TextGenerator.Sequence[jobs.size()];
    List<Integer> greedy = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job j = jobs.get(i);
      if (j.stop().get()) {
        // Answered already (timed out, or the client left) while it waited in the queue.
        metrics.cancelled(name);
      } else if (j.greedy()) {
        greedy.add(i);
      } else {
        out[i] =
            finished(
                j, generator.generate(j.prompt(), j.config(), j.stream(), j.stop()::get).get(0));
      }
    }
    // Rows of one batch are left-padded to its longest prompt: the longest prompt plus the most
    // new tokens must fit the context, so jobs that would overflow it start another batch.
    int from = 0;
    while (from < greedy.size()) {
      int longest = 0;
      int most = 0;
      int to = from;
      while (to < greedy.size()) {
        Job j = jobs.get(greedy.get(to));
        int l = Math.max(longest, j.promptTokens());
        int m = Math.max(most, j.config().maxNewTokens());
        if (to > from && l + m > context) {
          break;
        }
        longest = l;
        most = m;
        to++;
      }
      List<Integer> group = greedy.subList(from, to);
      List<TextGenerator.Request> requests = new ArrayList<>(group.size());
      for (int i : group) {
        Job j = jobs.get(i);
        requests.add(
            new TextGenerator.Request(
                j.prompt(),
                j.config().maxNewTokens(),
                j.stream(),
                j.stop()::get,
                s -> finished(j, s)));
      }
      List<TextGenerator.Sequence> s = generator.generateGreedy(requests, eos);
      for (int k = 0; k < group.size(); k++) {
        out[group.get(k)] = s.get(k);
      }
      from = to;
    }
    return Arrays.asList(out);
  }

  /** Answers the job as soon as its sequence ends, and counts it. */
  private TextGenerator.Sequence finished(Job j, TextGenerator.Sequence s) {
    if (j.stop().get()) {
      metrics.cancelled(name);
    }
    metrics.tokens(name, s.newTokens());
    j.answer().complete(s);
    return s;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String task() {
    return "generate";
  }

  @Override
  public int queued() {
    return batcher.queued();
  }

  /** The end-of-text id that stops decoding, or -1. */
  public int eosTokenId() {
    return eos;
  }

  /** The prompt's token count (to check it fits the context before queueing). */
  public int promptTokens(String prompt) {
    return generator.encode(prompt).length;
  }

  /** The model's context length. */
  public int contextLength() {
    return context;
  }

  /**
   * Queues one prompt; {@code stream} (nullable) gets each decoded text piece on the model's
   * thread. Completing the returned future early ({@code cancel}, {@code orTimeout}) stops the
   * decoding after its current token, or skips it if it has not begun, so a client that has gone
   * does not keep the model busy. Greedy configs must end at this model's end-of-text token ({@link
   * #eosTokenId}), as the endpoint's do.
   */
  public CompletableFuture<TextGenerator.Sequence> generate(
      String prompt, GenerationConfig config, Consumer<String> stream) {
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<TextGenerator.Sequence> answer = new CompletableFuture<>();
    Job job = new Job(prompt, promptTokens(prompt), config, stream, stop, answer);
    batcher
        .submit(List.of(job))
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                answer.completeExceptionally(e);
              }
            });
    // Set on every completion; after a normal one the decoding is over and nothing reads it.
    answer.whenComplete((s, e) -> stop.set(true));
    return answer;
  }

  @Override
  public JsonObject describe() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("task", task());
    o.addProperty("architecture", "GPT2LMHeadModel");
    o.addProperty("engine", opened.engine());
    o.addProperty("context_length", context);
    return o;
  }

  @Override
  public void close(long waitMs) {
    if (batcher.close(waitMs)) {
      try {
        opened.close();
      } catch (Exception e) {
        // Freeing the ONNX Runtime session at shutdown; nothing is left to answer.
      }
      manager.close();
    }
  }
}
