package org.transfer4j.pretrain;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.data.PackedBlocks;
import org.transfer4j.data.TokenCache;
import org.transfer4j.data.TokenEncoder;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.StepResult;

/**
 * Perplexity of a GPT-2 folder on text files: the files are tokenized into a temporary token cache,
 * packed into blocks as in training ({@link PackedBlocks}) and scored batch by batch with dropout
 * off and no gradients.
 *
 * <pre>{@code
 * ClmEvaluation.Result r = ClmEvaluation.perplexity(Path.of("my-gpt"), List.of(Path.of("test.txt")), 0, 16);
 * }</pre>
 */
public final class ClmEvaluation {
  private ClmEvaluation() {}

  /**
   * @param perplexity exp of the mean next-token loss
   * @param tokens predicted tokens (block size - 1 per block)
   * @param blocks blocks scored
   * @param blockSize tokens per block
   */
  public record Result(double perplexity, long tokens, long blocks, int blockSize) {}

  /**
   * @param blockSize tokens per block; 0: {@code min(n_positions, 128)}, shortened to the text when
   *     it holds less than one block
   */
  public static Result perplexity(Path modelDir, List<Path> files, int blockSize, int batchSize)
      throws IOException {
    for (Path f : files) {
      if (!Files.exists(f)) {
        throw new BadInputException("--data " + f + " does not exist");
      }
    }
    Tokenizer tokenizer = Tokenizer.load(modelDir).withTruncation(null).withPadding(null);
    TokenEncoder encoder = text -> tokenizer.encode(text, null, false).ids();
    Path tmp = Files.createTempDirectory("transfer4j-ppl");
    try (NDManager manager = NDManager.newBaseManager();
        TokenCache cache =
            TokenCache.openOrBuild(
                tmp.resolve("cache"),
                files,
                encoder,
                TokenCache.fingerprint(tokenizer.toJson().getBytes(StandardCharsets.UTF_8)),
                0)) {
      Gpt2LMHeadModel model = HfModels.load(modelDir, Gpt2LMHeadModel.class, manager);
      model.train(false);
      int eos = model.config().eosTokenId();
      int size = blockSize > 0 ? blockSize : Math.min(model.config().nPositions(), 128);
      if (size > model.config().nPositions()) {
        throw new BadInputException(
            "--block-size " + size + " exceeds n_positions " + model.config().nPositions());
      }
      PackedBlocks blocks = new PackedBlocks(cache, eos, size);
      if (blocks.blocks() == 0) {
        if (blocks.streamTokens() < 2) {
          throw new BadInputException("--data " + files + ": no text to score");
        }
        blocks = new PackedBlocks(cache, eos, (int) blocks.streamTokens());
      }
      CausalLmObjective objective = new CausalLmObjective(model);
      CausalLmObjective.Perplexity ppl = new CausalLmObjective.Perplexity();
      long tokens = 0;
      for (long first = 0; first < blocks.blocks(); first += batchSize) {
        int n = (int) Math.min(batchSize, blocks.blocks() - first);
        long[][] batch = new long[n][blocks.blockSize()];
        for (int i = 0; i < n; i++) {
          blocks.read(first + i, batch[i]);
        }
        try (NDManager step = manager.newSubManager()) {
          StepResult r = objective.apply(batch, step);
          ppl.accept(batch, r, step);
          tokens += r.count();
        }
      }
      return new Result(
          ppl.result().get("perplexity"), tokens, blocks.blocks(), blocks.blockSize());
    } finally {
      Pretrainer.deleteTree(tmp);
    }
  }
}
