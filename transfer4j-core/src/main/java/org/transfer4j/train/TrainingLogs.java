package org.transfer4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The run's logs together: {@code metrics.jsonl}, TensorBoard scalars under {@code tensorboard/}
 * ({@code train/loss}, {@code train/learning_rate}, {@code train/grad_norm}, {@code eval/<metric>})
 * and the console.
 */
final class TrainingLogs implements Closeable {
  private final MetricsLog jsonl;
  private final TensorBoardWriter tensorBoard;
  private final ProgressBar console;

  private TrainingLogs(MetricsLog jsonl, TensorBoardWriter tensorBoard, ProgressBar console) {
    this.jsonl = jsonl;
    this.tensorBoard = tensorBoard;
    this.console = console;
  }

  /**
   * Opens the logs; {@code resumedAt >= 0} (the checkpoint's step) first drops what the interrupted
   * run logged after its checkpoint, which the resumed run logs again.
   */
  static TrainingLogs open(Path output, ProgressBar console, long resumedAt) throws IOException {
    if (resumedAt >= 0) {
      MetricsLog.truncateAfter(output.resolve("metrics.jsonl"), resumedAt);
      TensorBoardWriter.truncateAfter(output.resolve("tensorboard"), resumedAt);
    }
    MetricsLog jsonl = new MetricsLog(output.resolve("metrics.jsonl"));
    try {
      return new TrainingLogs(
          jsonl, TensorBoardWriter.create(output.resolve("tensorboard")), console);
    } catch (IOException e) {
      jsonl.close();
      throw e;
    }
  }

  /** A training record (loss, learning_rate, grad_norm, steps_per_s, task scalars). */
  void train(long step, int epoch, Map<String, Double> values) throws IOException {
    jsonl.write("train", step, epoch, values);
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (!e.getKey().equals("steps_per_s")) {
        tensorBoard.scalar("train/" + e.getKey(), step, e.getValue());
      }
    }
    tensorBoard.flush();
  }

  /** An evaluation record, also printed on the console. */
  void eval(long step, int epoch, Map<String, Double> metrics) throws IOException {
    jsonl.write("eval", step, epoch, metrics);
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      tensorBoard.scalar("eval/" + e.getKey(), step, e.getValue());
    }
    tensorBoard.flush();
    StringBuilder line = new StringBuilder("eval step " + step);
    metrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
    console.message(line.toString());
  }

  @Override
  public void close() throws IOException {
    try {
      jsonl.close();
    } finally {
      tensorBoard.close();
    }
  }
}
