package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.nn.Parameter;

/**
 * An optimizer over {@link ParamGroup}s that updates {@link Parameter#value()} in place. We write
 * our own because DJL's optimizers have no parameter groups (no per-group decay or learning rate).
 *
 * <p>Updates run outside any {@code GradientCollector}, so they are not recorded by autograd. Every
 * temporary lives in the caller's per-step manager; the state tensors (moments) live in the
 * optimizer's own manager and are only changed in place, so native memory stays flat.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(ParamGroup.split(model.namedParameters(), 0.01, List.of()));
 * opt.step(gradients, schedule.lr(step), stepManager);
 * }</pre>
 */
public abstract class Optimizer implements AutoCloseable {
  private final List<ParamGroup> groups;
  private final NDManager stateManager;
  private final Map<String, NDArray> state = new LinkedHashMap<>();
  private long step;

  protected Optimizer(List<ParamGroup> groups) {
    this.groups = List.copyOf(groups);
    NDManager owner = null;
    for (ParamGroup g : groups) {
      for (Parameter p : g.parameters().values()) {
        owner = p.value().getManager();
        break;
      }
      if (owner != null) {
        break;
      }
    }
    if (owner == null) {
      throw new IllegalArgumentException("the optimizer has no parameters");
    }
    this.stateManager = owner.newSubManager();
  }

  /** The name written to the checkpoint ({@code adamw}, {@code adam}, {@code sgd}). */
  public abstract String kind();

  public final List<ParamGroup> groups() {
    return groups;
  }

  /** Number of updates done so far. */
  public final long stepCount() {
    return step;
  }

  /**
   * One update of every parameter that has a gradient. {@code grads} maps full parameter names to
   * gradients (already averaged and clipped); {@code lr} is the scheduled rate, scaled per group.
   * Temporaries go to {@code scratch}.
   */
  public final void step(Map<String, NDArray> grads, double lr, NDManager scratch) {
    step++;
    for (ParamGroup g : groups) {
      for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
        NDArray grad = grads.get(e.getKey());
        if (grad != null) {
          update(
              e.getKey(), e.getValue().value(), grad, lr * g.lrScale(), g.weightDecay(), scratch);
        }
      }
    }
  }

  /** Updates one parameter in place; {@code t} (1-based) is {@link #stepCount()}. */
  protected abstract void update(
      String name, NDArray param, NDArray grad, double lr, double weightDecay, NDManager scratch);

  /**
   * A state tensor ({@code exp_avg}, ...) for a parameter, created as zeros like the parameter on
   * first use, in the optimizer's manager.
   */
  protected final NDArray state(String name, String slot, NDArray like) {
    return state.computeIfAbsent(
        name + "." + slot, k -> stateManager.zeros(like.getShape(), like.getDataType()));
  }

  /** Moves a temporary that an op placed in a state tensor's manager to the step manager. */
  protected static NDArray scoped(NDArray temporary, NDManager scratch) {
    temporary.attach(scratch);
    return temporary;
  }

  /** The state tensors by {@code <parameter>.<slot>}, for checkpoints; not copies. */
  public final Map<String, NDArray> stateTensors() {
    return java.util.Collections.unmodifiableMap(state);
  }

  /** Restores the step count and state tensors written by {@link #stateTensors()}. */
  public final void loadState(long stepCount, Map<String, float[]> tensors) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (ParamGroup g : groups) {
      byName.putAll(g.parameters());
    }
    for (NDArray a : state.values()) {
      a.close();
    }
    state.clear();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      int dot = e.getKey().lastIndexOf('.');
      Parameter p = dot < 0 ? null : byName.get(e.getKey().substring(0, dot));
      if (p == null || p.shape().size() != e.getValue().length) {
        throw new BadInputException(
            "optimizer state tensor "
                + e.getKey()
                + " does not belong to this model (unknown parameter or wrong size); resume"
                + " from a checkpoint of the same model");
      }
      state.put(e.getKey(), stateManager.create(e.getValue(), p.shape()));
    }
    this.step = stepCount;
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
