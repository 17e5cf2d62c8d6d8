package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.transfer4j.nn.Module;

/**
 * Evaluation and prediction passes: the model in evaluation mode (dropout off), no gradient
 * collector (DJL records nothing outside one), one manager per batch.
 */
final class EvalLoop {
  private EvalLoop() {}

  static double scalar(NDArray a) {
    return a.toType(DataType.FLOAT64, false).getDouble();
  }

  static <B> Map<String, Double> evaluate(
      Module model,
      StepFunction<B> step,
      NDManager base,
      long seed,
      BatchSource<B> source,
      Supplier<Evaluation<B>> factory) {
    boolean wasTraining = model.isTraining();
    model.train(false);
    Evaluation<B> ev = factory == null ? null : factory.get();
    double lossSum = 0;
    long count = 0;
    try {
      Iterator<B> it = source.batches(seed, 0, 0);
      while (it.hasNext()) {
        B batch = it.next();
        try (NDManager scratch = base.newSubManager()) {
          StepResult r = step.apply(batch, scratch);
          lossSum += scalar(r.loss()) * r.count();
          count += r.count();
          if (ev != null) {
            ev.accept(batch, r, scratch);
          }
        }
      }
    } finally {
      model.train(wasTraining);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", count == 0 ? Double.NaN : lossSum / count);
    if (ev != null) {
      metrics.putAll(ev.result());
    }
    return metrics;
  }

  static <B, R> List<R> predict(
      Module model,
      NDManager base,
      long seed,
      BatchSource<B> source,
      BiFunction<B, NDManager, R> predict) {
    boolean wasTraining = model.isTraining();
    model.train(false);
    List<R> out = new ArrayList<>();
    try {
      Iterator<B> it = source.batches(seed, 0, 0);
      while (it.hasNext()) {
        B batch = it.next();
        try (NDManager scratch = base.newSubManager()) {
          out.add(predict.apply(batch, scratch));
        }
      }
    } finally {
      model.train(wasTraining);
    }
    return out;
  }
}
