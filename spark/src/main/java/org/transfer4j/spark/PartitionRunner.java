package org.transfer4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Runs a {@link BatchModel} over one partition: rows are read a window ({@code 32 * batchSize}) at
 * a time, so memory stays flat however large the partition; a window's non-null inputs are sorted
 * by length (longest first) so each batch pads little, run, and put back in row order; each output
 * row is the input row with the model's columns appended (all null for a null input). An empty
 * partition loads nothing; the model lease is released when the partition ends, also when the task
 * stops early or fails.
 *
 * <pre>{@code
 * ds.toDF().mapPartitions(new PartitionRunner(col, 32 * 64, threads, fn, 1), Encoders.row(schema));
 * }</pre>
 */
final class PartitionRunner implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final int column;
  private final int window;
  private final int threads;
  private final BatchModel model;
  private final int outputs;

  /**
   * @param column the input column's index
   * @param window rows read at once
   * @param threads the engine's intra-op threads on the executor (0: automatic)
   * @param model what to run
   * @param outputs columns {@code model} appends
   */
  PartitionRunner(int column, int window, int threads, BatchModel model, int outputs) {
    this.column = column;
    this.window = window;
    this.threads = threads;
    this.model = model;
    this.outputs = outputs;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return Collections.emptyIterator();
    }
    EngineThreads.ensure(threads);
    BatchModel.Scope scope = model.open();
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> scope.close());
    }
    return new Iterator<>() {
      private List<Row> out = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < out.size()) {
          return true;
        }
        if (!rows.hasNext()) {
          scope.close();
          return false;
        }
        out = runWindow(rows, scope);
        next = 0;
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return out.get(next++);
      }
    };
  }

  private List<Row> runWindow(Iterator<Row> rows, BatchModel.Scope scope) {
    List<Row> in = new ArrayList<>(window);
    while (in.size() < window && rows.hasNext()) {
      in.add(rows.next());
    }
    List<Integer> present = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      if (!in.get(i).isNullAt(column)) {
        present.add(i);
      }
    }
    List<Object> inputs = new ArrayList<>(in.size());
    for (Row r : in) {
      inputs.add(r.isNullAt(column) ? null : input(r.get(column)));
    }
    // Longest first: batches of similar length pad little (and the longest fail fast on memory).
    present.sort(Comparator.comparingInt((Integer i) -> length(inputs.get(i))).reversed());
    List<Object> sorted = new ArrayList<>(present.size());
    present.forEach(i -> sorted.add(inputs.get(i)));
    Object[][] results = sorted.isEmpty() ? new Object[0][] : scope.apply(sorted);
    Object[][] byRow = new Object[in.size()][];
    for (int k = 0; k < present.size(); k++) {
      byRow[present.get(k)] = results[k];
    }
    List<Row> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Row r = in.get(i);
      Object[] values = new Object[r.length() + outputs];
      for (int c = 0; c < r.length(); c++) {
        values[c] = r.get(c);
      }
      if (byRow[i] != null) {
        System.arraycopy(byRow[i], 0, values, r.length(), outputs);
      }
      out.add(RowFactory.create(values));
    }
    return out;
  }

  /** A string, or an array column's words as a list (nulls inside an array are dropped). */
  private static Object input(Object v) {
    if (v instanceof Seq<?> seq) {
      List<String> words = new ArrayList<>(seq.size());
      for (Object w : JavaConverters.seqAsJavaList(seq)) {
        if (w != null) {
          words.add(w.toString());
        }
      }
      return words;
    }
    return v.toString();
  }

  private static int length(Object input) {
    if (input instanceof String s) {
      return s.length();
    }
    int n = 0;
    for (Object w : (List<?>) input) {
      n += w.toString().length() + 1;
    }
    return n;
  }
}
