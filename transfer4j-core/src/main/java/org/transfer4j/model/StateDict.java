package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.nn.FusedParameters;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * The checkpoint view of a module tree: every Hugging Face tensor name bound to the parameter (or
 * the part of a fused parameter) it fills, tied aliases included; and the tensors to save.
 *
 * <pre>{@code
 * Map<String, StateDict.Slot> slots = StateDict.slots(model);
 * Map<String, NDArray> tensors = StateDict.tensors(model, manager); // for saving
 * }</pre>
 */
public final class StateDict {
  private StateDict() {}

  /**
   * A checkpoint name and where it goes.
   *
   * @param part index of the part along axis 0 for fused parameters (0 otherwise)
   * @param parts number of equal parts (1 for an ordinary parameter)
   * @param canonical false for a tied alias (a second name of a parameter listed elsewhere)
   */
  public record Slot(String name, Parameter parameter, int part, int parts, boolean canonical) {
    /** The shape of this slot's tensor in a checkpoint. */
    public Shape shape() {
      Shape s = parameter.shape();
      if (parts == 1) {
        return s;
      }
      long[] dims = s.getShape().clone();
      dims[0] /= parts;
      return new Shape(dims);
    }
  }

  /** All checkpoint names of the tree, canonical names in {@link Module#namedParameters} order. */
  public static Map<String, Slot> slots(Module root) {
    Map<Parameter, String> canonical = new IdentityHashMap<>();
    root.namedParameters().forEach((name, p) -> canonical.putIfAbsent(p, name));
    Map<String, Slot> out = new LinkedHashMap<>();
    walk(root, "", canonical, out);
    return out;
  }

  private static void walk(
      Module m, String prefix, Map<Parameter, String> canonical, Map<String, Slot> out) {
    Map<String, List<String>> fused =
        m instanceof FusedParameters f ? f.fusedParts() : Collections.emptyMap();
    for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
      String local = e.getKey();
      if (local.contains(".")) {
        continue; // a descendant's parameter; visited below
      }
      Parameter p = e.getValue();
      boolean isCanonical = (prefix + local).equals(canonical.get(p));
      List<String> parts = fused.get(local);
      if (parts == null) {
        out.putIfAbsent(prefix + local, new Slot(prefix + local, p, 0, 1, isCanonical));
      } else {
        for (int i = 0; i < parts.size(); i++) {
          String name = prefix + parts.get(i);
          out.putIfAbsent(name, new Slot(name, p, i, parts.size(), isCanonical));
        }
      }
    }
    for (Map.Entry<String, Module> c : m.children().entrySet()) {
      walk(c.getValue(), prefix + c.getKey() + ".", canonical, out);
    }
  }

  /**
   * The tensors to save: canonical names only (tied weights once, fused parameters split into their
   * parts), as float32 copies in the given manager.
   */
  public static Map<String, NDArray> tensors(Module root, NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Slot s : slots(root).values()) {
      if (!s.canonical()) {
        continue;
      }
      NDArray v = s.parameter().value();
      float[] all = v.toFloatArray();
      if (s.parts() == 1) {
        out.put(s.name(), manager.create(all, v.getShape()));
      } else {
        int n = all.length / s.parts();
        float[] part = new float[n];
        System.arraycopy(all, s.part() * n, part, 0, n);
        out.put(s.name(), manager.create(part, s.shape()));
      }
    }
    return out;
  }
}
