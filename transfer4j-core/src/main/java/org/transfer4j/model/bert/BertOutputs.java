package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.model.LogitsOutput;

/** Golden names for head outputs. */
final class BertOutputs {
  private BertOutputs() {}

  static Map<String, NDArray> named(LogitsOutput o) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    o.encoder().putNamed(out);
    out.put("logits", o.logits());
    return out;
  }
}
