package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;

/**
 * Regression test for native memory growing per step (results of ops left in long-lived managers,
 * gradient wrappers never closed): resident memory must stay flat over 2,000 steps.
 */
@Tag("slow")
@Tag(
    "isolated") // RSS must not include other tests' heap growth: runs in a JVM of its own (see pom)
class TrainerMemoryTest {
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  static volatile byte[] sink;

  /**
   * Part of the warm-up: the JVM maps its young generation lazily, so the first pass of ordinary
   * Java garbage through it raises RSS by up to its size although nothing leaks. Allocate
   * short-lived garbage until two collections have run, so the measurement sees native growth.
   */
  static void cycleYoungGeneration() {
    long start = gcCount();
    while (gcCount() < start + 2) {
      sink = new byte[64 * 1024];
    }
  }

  @Test
  void residentMemoryStaysFlatOver2000Steps(@TempDir Path tmp) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(Path.of("/proc/self/status")), "needs Linux /proc to read VmRSS");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    TinyMlp.Data data = TinyMlp.Data.make(512, 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      Bootstrap.seed(1);
      TinyMlp m = new TinyMlp(manager, 1024, 0.1f);
      AtomicInteger calls = new AtomicInteger();
      long[] rss = new long[2];
      StepFunction<int[]> base = m.mse(data);
      StepFunction<int[]> step =
          (idx, mgr) -> {
            int n = calls.incrementAndGet();
            if (n == 300) {
              cycleYoungGeneration();
              rss[0] = rssKb();
            } else if (n == 2000) {
              rss[1] = rssKb();
            }
            return base.apply(idx, mgr);
          };
      TrainerConfig c =
          TrainerConfig.builder(tmp.resolve("mem"))
              .maxSteps(2000)
              .epochs(0)
              .batchSize(32)
              .lr(1e-3)
              .saveEvery(500)
              .keepLast(1)
              .logEvery(100)
              .plots(false)
              .build();
      try (Trainer<int[]> t =
          Trainer.builder(m, step, BatchSource.shuffled(512, 32, true, i -> i), c)
              .progress(
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
              .build()) {
        t.fit();
      }
      System.out.printf("RSS after warm-up %d kB, after 2000 steps %d kB%n", rss[0], rss[1]);
      assertThat(rss[1]).isLessThanOrEqualTo((long) (rss[0] * 1.10));
    }
  }
}
