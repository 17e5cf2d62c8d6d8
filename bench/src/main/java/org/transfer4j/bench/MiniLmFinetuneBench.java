package org.transfer4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForSequenceClassification;
import org.transfer4j.pretrain.PretrainingLoss;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.BatchSource;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.StepResult;
import org.transfer4j.train.Trainer;
import org.transfer4j.train.TrainerConfig;

/**
 * Fine-tuning speed (not a test) of the built-in all-MiniLM-L6-v2 as a BANKING77 classifier (masked
 * mean pooling, 77 labels): the whole training step through the {@link Trainer} (forward with
 * dropout, cross-entropy, backward, global-norm clipping at 1, AdamW with weight decay 0.01) on
 * consecutive batches of the training texts, each padded to its longest text (at most 64 tokens).
 * Writes the batches ({@code --dump FILE}, JSON lines of ids and labels) so that the PyTorch peer
 * ({@code bench/peer/minilm_finetune.py}) trains on exactly the same ones.
 *
 * <pre>
 * bench/minilm-finetune.sh --threads 2 --batch 32 --steps 20 --dump /tmp/batches.jsonl
 * </pre>
 */
public final class MiniLmFinetuneBench {
  private MiniLmFinetuneBench() {}

  record Batch(int rows, int seq, long[] ids, long[] mask, long[] labels) {}

  public static void main(String[] args) throws IOException {
    int threads = 2;
    int batch = 32;
    int maxLength = 64;
    int warmup = 3;
    int steps = 20;
    Path data = Path.of("../shared/data/banking77/train.csv");
    Path dump = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--max-length" -> maxLength = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--dump" -> dump = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: MiniLmFinetuneBench [--threads N] [--batch N] [--max-length N] [--warmup N]"
                  + " [--steps N] [--data train.csv] [--dump batches.jsonl]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    Path dir = ModelFolders.resolve("all-MiniLM-L6-v2");
    Tokenizer tok = Tokenizer.load(dir);
    List<String> texts = new ArrayList<>();
    List<String> labelNames = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(data)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().build().parse(r)) {
        texts.add(rec.get("text"));
        labelNames.add(rec.get("category"));
      }
    }
    Map<String, Integer> labelIds = new LinkedHashMap<>();
    labelNames.stream().sorted().forEach(l -> labelIds.putIfAbsent(l, labelIds.size()));
    int total = warmup + steps + 1;
    List<Batch> batches = new ArrayList<>();
    long tokens = 0;
    for (int k = 0; k < total; k++) {
      List<int[]> rows = new ArrayList<>();
      long[] labels = new long[batch];
      for (int r = 0; r < batch; r++) {
        int i = (k * batch + r) % texts.size();
        int[] ids = tok.encode(texts.get(i)).ids();
        if (ids.length > maxLength) { // keep [SEP] last, as the task encoders truncate
          int[] cut = java.util.Arrays.copyOf(ids, maxLength);
          cut[maxLength - 1] = ids[ids.length - 1];
          ids = cut;
        }
        rows.add(ids);
        labels[r] = labelIds.get(labelNames.get(i));
      }
      int seq = rows.stream().mapToInt(a -> a.length).max().orElseThrow();
      long[] ids = new long[batch * seq];
      long[] mask = new long[batch * seq];
      for (int r = 0; r < batch; r++) {
        for (int t = 0; t < rows.get(r).length; t++) {
          ids[r * seq + t] = rows.get(r)[t];
          mask[r * seq + t] = 1;
        }
      }
      batches.add(new Batch(batch, seq, ids, mask, labels));
      if (k >= warmup && k < warmup + steps) {
        tokens += (long) batch * seq;
      }
    }
    if (dump != null) {
      try (Writer w = Files.newBufferedWriter(dump)) {
        for (Batch b : batches) {
          w.write(
              "{\"rows\":"
                  + b.rows()
                  + ",\"seq\":"
                  + b.seq()
                  + ",\"ids\":"
                  + java.util.Arrays.toString(b.ids())
                  + ",\"mask\":"
                  + java.util.Arrays.toString(b.mask())
                  + ",\"labels\":"
                  + java.util.Arrays.toString(b.labels())
                  + "}\n");
        }
      }
    }
    BertConfig config =
        ((BertConfig) HfModels.readConfig(dir))
            .withLabels(org.transfer4j.model.Labels.of(new ArrayList<>(labelIds.keySet())));
    Path out = Files.createTempDirectory("minilm-bench");
    long[] stamps = new long[total + 1];
    int[] calls = {0};
    try (NDManager manager = NDManager.newBaseManager()) {
      BertForSequenceClassification model =
          (BertForSequenceClassification)
              HfModels.load(
                      dir,
                      config,
                      BertForSequenceClassification.class,
                      manager,
                      LoadOptions.IGNORE_MISMATCHED_SIZES)
                  .model();
      StepFunction<Batch> step =
          (b, m) -> {
            stamps[calls[0]++] = System.nanoTime();
            Shape s = new Shape(b.rows(), b.seq());
            ModelInput in =
                new ModelInput(
                    m.create(b.ids(), s),
                    m.create(b.mask(), s),
                    m.zeros(s, ai.djl.ndarray.types.DataType.INT64));
            NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, 77)
            return StepResult.of(
                PretrainingLoss.crossEntropy(logits, m.create(b.labels())), b.rows());
          };
      BatchSource<Batch> source =
          new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
              return total;
            }

            @Override
            public Iterator<Batch> batches(long seed, int epoch, int start) {
              return batches.subList(start, total).iterator();
            }
          };
      TrainerConfig tc =
          TrainerConfig.builder(out)
              .epochs(0)
              .maxSteps(total)
              .batchSize(batch)
              .lr(5e-5)
              .logEvery(1000)
              .plots(false)
              .build();
      try (Trainer<Batch> trainer =
          Trainer.builder(model, step, source, tc)
              .progress(new PrintStream(OutputStream.nullOutputStream()), false)
              .build()) {
        trainer.fit();
      }
    }
    double seconds = (stamps[warmup + steps] - stamps[warmup]) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "ours all-MiniLM-L6-v2 fine-tuning, batch %d (padded per batch, %.1f tokens/row on"
            + " average), threads %d: %d steps in %.1f s = %.3f steps/s, %,.0f tokens/s%n",
        batch,
        tokens / (double) (batch * steps),
        Bootstrap.engineThreads(),
        steps,
        seconds,
        steps / seconds,
        tokens / seconds);
  }
}
