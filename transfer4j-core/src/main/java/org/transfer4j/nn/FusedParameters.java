package org.transfer4j.nn;

import java.util.List;
import java.util.Map;

/**
 * A module that stores several checkpoint tensors concatenated in one parameter along axis 0, for
 * speed (for example query, key and value weights in one {@code (3 hidden, hidden)} matrix, so
 * attention does one matrix product instead of three). Loading and saving use the parts' names, so
 * checkpoints keep the Hugging Face layout.
 */
public interface FusedParameters {
  /**
   * For each local fused parameter name, the names (relative to this module, may contain dots) of
   * its equal-sized parts along axis 0, in order; for example {@code qkv_weight -> [query.weight,
   * key.weight, value.weight]}.
   */
  Map<String, List<String>> fusedParts();
}
