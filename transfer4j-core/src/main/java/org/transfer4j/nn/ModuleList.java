package org.transfer4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Children named {@code 0, 1, 2, ...} like PyTorch's {@code nn.ModuleList}, so that a stack of
 * layers gets the Hugging Face names {@code encoder.layer.0.*}, {@code h.11.*}.
 *
 * <pre>{@code
 * ModuleList<BertLayer> layers = new ModuleList<>();
 * for (int i = 0; i < n; i++) layers.add(new BertLayer(...));
 * }</pre>
 */
public final class ModuleList<M extends Module> extends Module {
  private final List<M> items = new ArrayList<>();

  /** Appends a module under the next index; returns it. */
  public M add(M module) {
    items.add(addModule(Integer.toString(items.size()), module));
    return module;
  }

  public M get(int i) {
    return items.get(i);
  }

  public int size() {
    return items.size();
  }

  public List<M> items() {
    return Collections.unmodifiableList(items);
  }
}
