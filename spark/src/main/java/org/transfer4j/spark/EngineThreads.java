package org.transfer4j.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.transfer4j.engine.Bootstrap;

/**
 * PyTorch's intra-op threads per executor JVM. One executor runs {@code spark.executor.cores} tasks
 * at once, and they share one model whose forward passes are serialised (a DJL model's forward
 * toggles shared training state and is not safe to call from two threads), so one forward pass may
 * use every core of the executor while the other task threads tokenize: the engine gets {@code
 * spark.executor.cores} threads (N for {@code local[N]}), never the machine's core count, which
 * would oversubscribe a node shared by several executors.
 *
 * <pre>{@code
 * int threads = EngineThreads.perExecutor(spark.sparkContext().getConf()); // on the driver
 * EngineThreads.ensure(threads);                                           // on each executor
 * }</pre>
 */
public final class EngineThreads {
  private static final Pattern LOCAL = Pattern.compile("local(?:-cluster)?\\[(\\d+|\\*)(?:,.*)?]");
  private static int applied = -1;

  private EngineThreads() {}

  /**
   * The executor's cores from the driver's configuration: {@code spark.executor.cores} when set,
   * else N of {@code local[N]} ({@code local[*]}: this machine's cores; {@code local}: 1), else 0
   * (the executor decides: {@code TRANSFER4J_THREADS}, else its cores).
   */
  public static int perExecutor(SparkConf conf) {
    if (conf.contains("spark.executor.cores")) {
      return Integer.parseInt(conf.get("spark.executor.cores").strip());
    }
    String master = conf.get("spark.master", "");
    if (master.equals("local")) {
      return 1;
    }
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      return m.group(1).equals("*")
          ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(m.group(1));
    }
    return 0;
  }

  /** Starts the engine in this JVM with {@code threads} intra-op threads (0: automatic), once. */
  public static synchronized void ensure(int threads) {
    if (applied != threads) {
      Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
      applied = threads;
    }
  }
}
