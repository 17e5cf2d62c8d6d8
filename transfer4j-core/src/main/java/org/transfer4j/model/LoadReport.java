package org.transfer4j.model;

import java.util.List;

/**
 * What loading a checkpoint did, in the terms {@code transformers} uses: tensors loaded, model
 * parameters missing from the checkpoint (left freshly initialised), checkpoint tensors not used
 * (unexpected), ignored buffers, and shape mismatches re-initialised.
 *
 * <pre>{@code
 * LoadReport r = WeightLoader.load(model, source, LoadOptions.DEFAULTS);
 * System.out.println(r.summary());
 * }</pre>
 */
public record LoadReport(
    String source,
    String architecture,
    List<String> loaded,
    List<String> missing,
    List<String> unexpected,
    List<Mismatch> mismatched,
    List<String> ignored) {

  /** A checkpoint tensor whose shape differs from the model's. */
  public record Mismatch(String name, List<Long> checkpointShape, List<Long> modelShape) {}

  public LoadReport {
    loaded = List.copyOf(loaded);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    mismatched = List.copyOf(mismatched);
    ignored = List.copyOf(ignored);
  }

  /** True when every parameter came from the checkpoint and every tensor was used. */
  public boolean isComplete() {
    return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
  }

  /** A multi-line summary worded like the warnings {@code from_pretrained} prints. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format("Loaded %d tensors from %s into %s", loaded.size(), source, architecture));
    if (!ignored.isEmpty()) {
      b.append(String.format(" (%d buffers ignored)", ignored.size()));
    }
    b.append('.');
    if (!unexpected.isEmpty()) {
      b.append(
          String.format(
              "%nSome weights of the model checkpoint at %s were not used when initializing %s: %s",
              source, architecture, unexpected));
    }
    if (!missing.isEmpty()) {
      b.append(
          String.format(
              "%nSome weights of %s were not initialized from the model checkpoint at %s and are"
                  + " newly initialized: %s%nYou should probably TRAIN this model on a down-stream"
                  + " task to be able to use it for predictions and inference.",
              architecture, source, missing));
    }
    if (!mismatched.isEmpty()) {
      b.append(
          String.format(
              "%nSome weights of %s were not initialized from the model checkpoint at %s and are"
                  + " newly initialized because the shapes did not match:",
              architecture, source));
      for (Mismatch m : mismatched) {
        b.append(
            String.format(
                "%n- %s: found shape %s in the checkpoint and %s in the model instantiated",
                m.name(), m.checkpointShape(), m.modelShape()));
      }
    }
    return b.toString();
  }
}
