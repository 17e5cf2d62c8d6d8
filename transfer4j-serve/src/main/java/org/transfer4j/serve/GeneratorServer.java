package org.transfer4j.serve;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.transfer4j.BadInputException;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.TextGenerator;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A GPT-2 folder ({@link TextGenerator}) for {@code /v1/generate}, behind a {@link MicroBatcher} of
 * batch size 1: decoding is a loop of forward passes whose length differs per request, and {@link
 * TextGenerator} decodes one prompt at a time, so requests queue (bounded) and run one after the
 * other on the thread that owns the model. Text pieces reach {@code stream} as they are decoded; a
 * request answered early (timeout, client gone) stops its decoding.
 *
 * <pre>{@code
 * GeneratorServer g = GeneratorServer.load("gpt2", dir, config, metrics);
 * TextGenerator.Sequence s = g.generate("Hello", GenerationConfig.greedy(20), this::send).join();
 * }</pre>
 */
public final class GeneratorServer implements ServedModel {
  private record Job(
      String prompt, GenerationConfig config, Consumer<String> stream, AtomicBoolean stop) {}

  private final String name;
  private final NDManager manager;
  private final PretrainedModel model;
  private final int context;
  private final TextGenerator generator;
  private final int eos;
  private final MicroBatcher<Job, List<TextGenerator.Sequence>> batcher;

  private GeneratorServer(
      String name,
      NDManager manager,
      PretrainedModel model,
      CausalLm lm,
      Tokenizer tokenizer,
      ServerConfig c,
      ServeMetrics metrics) {
    this.name = name;
    this.manager = manager;
    this.model = model;
    this.context = lm.maxPositions();
    this.generator = new TextGenerator(lm, tokenizer);
    this.eos = model.config() instanceof Gpt2Config g ? g.eosTokenId() : -1;
    this.batcher =
        new MicroBatcher<>(
            name,
            jobs -> {
              Job j = jobs.get(0);
              if (j.stop().get()) {
                // Answered already (timed out, or the client left) while it waited in the queue.
                metrics.cancelled(name);
                throw new CancellationException("the request was answered before decoding began");
              }
              List<TextGenerator.Sequence> s =
                  generator.generate(j.prompt(), j.config(), j.stream(), j.stop()::get);
              if (j.stop().get()) {
                metrics.cancelled(name);
              }
              metrics.tokens(name, s.stream().mapToLong(TextGenerator.Sequence::newTokens).sum());
              return List.of(s);
            },
            1,
            0,
            c.maxQueue(),
            metrics);
  }

  /** Loads a GPT-2 folder with its tokenizer. */
  public static GeneratorServer load(String name, Path dir, ServerConfig c, ServeMetrics metrics)
      throws IOException {
    Tokenizer tokenizer = Tokenizer.load(dir);
    NDManager manager = NDManager.newBaseManager();
    try {
      PretrainedModel m = HfModels.loadWithReport(dir, manager, LoadOptions.DEFAULTS).model();
      if (!(m instanceof CausalLm lm)) {
        throw new BadInputException(
            dir + " holds a " + m.architecture() + ", which cannot generate text");
      }
      m.train(false);
      return new GeneratorServer(name, manager, m, lm, tokenizer, c, metrics);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
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
   * does not keep the model busy.
   */
  public CompletableFuture<TextGenerator.Sequence> generate(
      String prompt, GenerationConfig config, Consumer<String> stream) {
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<TextGenerator.Sequence> answer =
        batcher
            .submit(List.of(new Job(prompt, config, stream, stop)))
            .thenApply(l -> l.get(0).get(0));
    // Set on every completion; after a normal one the decoding is over and nothing reads it.
    answer.whenComplete((s, e) -> stop.set(true));
    return answer;
  }

  @Override
  public JsonObject describe() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("task", task());
    o.addProperty("architecture", model.architecture());
    o.addProperty("context_length", context);
    return o;
  }

  @Override
  public void close(long waitMs) {
    if (batcher.close(waitMs)) {
      manager.close();
    }
  }
}
