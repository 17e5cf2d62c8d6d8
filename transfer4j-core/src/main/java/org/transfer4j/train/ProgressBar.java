package org.transfer4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The console progress of an epoch on stderr: running mean loss of the last {@code window} steps
 * (the seed script uses 500), learning rate, steps per second and ETA. On a terminal one line is
 * redrawn in place; when stderr is not a terminal, or {@code CI} is set, a plain line is printed
 * every {@code plainEvery} steps so logs stay readable.
 *
 * <pre>{@code
 * epoch 2/3 [=========>          ] 120/250 loss 0.4312 lr 4.1e-05 12.3 steps/s eta 0:00:11
 * }</pre>
 */
public final class ProgressBar {
  private final PrintStream err;
  private final boolean interactive;
  private final int plainEvery;
  private final double[] window;
  private int filled;
  private int next;
  private double sum;
  private long lastDraw;

  public ProgressBar(PrintStream err, boolean interactive, int window, int plainEvery) {
    this.err = err;
    this.interactive = interactive;
    this.window = new double[Math.max(1, window)];
    this.plainEvery = Math.max(1, plainEvery);
  }

  /** Interactive when a console is attached and the {@code CI} variable is not set. */
  public static boolean stderrIsTerminal() {
    return System.console() != null && System.getenv("CI") == null;
  }

  /** Adds one step's loss to the running window; returns the running mean. */
  public double add(double loss) {
    if (filled == window.length) {
      sum -= window[next];
    } else {
      filled++;
    }
    window[next] = loss;
    sum += loss;
    next = (next + 1) % window.length;
    return mean();
  }

  public double mean() {
    return filled == 0 ? Double.NaN : sum / filled;
  }

  /** Shows progress after a step. */
  public void show(
      int epoch,
      int epochs,
      long epochStep,
      long epochSteps,
      long globalStep,
      double lr,
      double stepsPerSecond,
      long remainingSteps) {
    long now = System.nanoTime();
    boolean last = epochStep >= epochSteps;
    if (interactive) {
      if (!last && now - lastDraw < 200_000_000L) {
        return;
      }
    } else if (globalStep % plainEvery != 0 && !last) {
      return;
    }
    lastDraw = now;
    String epochText = epochs > 0 ? (epoch + 1) + "/" + epochs : Integer.toString(epoch + 1);
    String eta = stepsPerSecond > 0 ? duration((long) (remainingSteps / stepsPerSecond)) : "?";
    String stats =
        String.format(
            Locale.ROOT,
            "%d/%d loss %.4f lr %.2e %.1f steps/s eta %s",
            epochStep,
            epochSteps,
            mean(),
            lr,
            stepsPerSecond,
            eta);
    if (interactive) {
      int width = 20;
      int done = epochSteps > 0 ? (int) Math.min(width, width * epochStep / epochSteps) : 0;
      String bar = "=".repeat(done) + (done < width ? ">" : "") + " ".repeat(width - done);
      err.print("\repoch " + epochText + " [" + bar.substring(0, width) + "] " + stats + "  ");
      if (last) {
        err.println();
      }
    } else {
      err.println("epoch " + epochText + " step " + globalStep + " " + stats);
    }
    err.flush();
  }

  /** A line of its own (evaluation results, early stopping). */
  public void message(String line) {
    err.println(line);
    err.flush();
  }

  static String duration(long seconds) {
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
