package org.transfer4j.tokenize.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A one-line progress bar for long trainer phases ({@code [00:00:12] Count words ####.... 40/100}),
 * redrawn at most five times a second on a terminal stream (stderr), so it never pollutes stdout.
 *
 * <pre>{@code
 * Progress p = Progress.toStderr();
 * p.start("Compute merges", 30_000);
 * p.advance(1);
 * p.finish();
 * }</pre>
 */
public final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR = 30;

  private final PrintWriter out;
  private String message = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastDraw;

  private Progress(PrintWriter out) {
    this.out = out;
  }

  /** Draws nothing (tests, libraries). */
  public static Progress none() {
    return new Progress(null);
  }

  /** Draws on {@code System.err}. */
  public static Progress toStderr() {
    return to(System.err);
  }

  /** Draws on {@code out}. */
  public static Progress to(PrintStream out) {
    return new Progress(new PrintWriter(out, true, StandardCharsets.UTF_8));
  }

  /** Draws on {@code out} (the CLI's error writer). */
  public static Progress to(PrintWriter out) {
    return new Progress(out);
  }

  /** Starts a phase of {@code total} steps (0 when unknown). */
  public synchronized void start(String message, long total) {
    this.message = message;
    this.total = total;
    this.done = 0;
    this.startNanos = System.nanoTime();
    this.lastDraw = 0;
    draw(true);
  }

  public synchronized void advance(long steps) {
    done += steps;
    draw(false);
  }

  /** Ends the phase: draws where it stopped (a trainer may stop early) and ends the line. */
  public synchronized void finish() {
    draw(true);
    if (out != null) {
      out.println();
      out.flush();
    }
  }

  private void draw(boolean force) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    long s = (now - startNanos) / 1_000_000_000L;
    String bar;
    if (total > 0) {
      int filled = (int) Math.min(BAR, BAR * done / total);
      bar = "#".repeat(filled) + ".".repeat(BAR - filled) + " " + done + "/" + total;
    } else {
      bar = String.valueOf(done);
    }
    out.printf(
        Locale.ROOT, "\r[%02d:%02d:%02d] %-16s %s", s / 3600, (s / 60) % 60, s % 60, message, bar);
    out.flush();
  }
}
