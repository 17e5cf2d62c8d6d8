package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tree of named parameters and sub-modules, in the spirit of PyTorch's {@code nn.Module}, so that
 * parameter names are exactly the Hugging Face state-dict keys ({@code
 * encoder.layer.0.attention.self.query.weight}). We do not use DJL's {@code Block}: its generated
 * names cannot match Hugging Face checkpoints and its transformer blocks cannot hold BERT weights.
 *
 * <p>Memory rule for forward code: DJL gives an operation's result to the manager of its first
 * operand, so put the activation first ({@code x.matmul(w)}, not {@code w.matmul(x)}); a result
 * whose first operand is a parameter would stay alive as long as the model.
 */
public abstract class Module {
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Registers a parameter under a local name; returns it. */
  protected final Parameter addParameter(String name, NDArray value) {
    checkName(name);
    Parameter p = new Parameter(name, value);
    parameters.put(name, p);
    return p;
  }

  /** Registers an existing parameter (for example a tied weight) under a local name. */
  protected final Parameter addParameter(String name, Parameter shared) {
    checkName(name);
    parameters.put(name, shared);
    return shared;
  }

  /** Registers a child module under a local name; returns it. */
  protected final <M extends Module> M addModule(String name, M child) {
    checkName(name);
    children.put(name, child);
    return child;
  }

  private void checkName(String name) {
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException("local names must be non-empty and dot-free: " + name);
    }
    if (parameters.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("duplicate name in module: " + name);
    }
  }

  /**
   * All parameters by full dotted name, in registration order. A tensor shared by several names
   * (tied weights) appears once, under its first name, as in PyTorch's {@code named_parameters}.
   */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private void collect(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      if (seen.add(e.getValue())) {
        out.put(prefix + e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out, seen);
    }
  }

  /** The direct children by local name. */
  public final Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** Sets training mode (dropout on) or evaluation mode (dropout off) for the whole tree. */
  public final void train(boolean on) {
    training = on;
    for (Module child : children.values()) {
      child.train(on);
    }
  }

  public final boolean isTraining() {
    return training;
  }

  /** Number of scalar parameters, tied weights counted once. */
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : namedParameters().values()) {
      n += p.shape().size();
    }
    return n;
  }

  /** A manager convenience: the manager that owns this module's first parameter. */
  public final NDManager manager() {
    for (Parameter p : namedParameters().values()) {
      return p.value().getManager();
    }
    throw new IllegalStateException(getClass().getSimpleName() + " has no parameters");
  }
}
