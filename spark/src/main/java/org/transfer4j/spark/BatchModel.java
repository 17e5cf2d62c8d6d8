package org.transfer4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a transformer runs on its executors, shipped in the task closure: only paths and options,
 * never a loaded model. Each partition {@link #open opens} a {@link Scope} (a lease on the JVM's
 * shared model, {@link SharedModels}) and hands it the non-null inputs window by window.
 *
 * <pre>{@code
 * try (BatchModel.Scope s = fn.open()) {
 *   Object[][] cols = s.apply(List.of("a text", "another")); // one row of output values per input
 * }
 * }</pre>
 */
public interface BatchModel extends Serializable {
  /** Acquires the model for one partition. */
  Scope open();

  /** One partition's use of the model. */
  interface Scope extends AutoCloseable {
    /**
     * The output values of each input, in input order: one array of {@code outputs} values per
     * input. An input is a {@link String}, or a {@code List<String>} of words for an array column.
     */
    Object[][] apply(List<Object> inputs);

    @Override
    void close();
  }
}
