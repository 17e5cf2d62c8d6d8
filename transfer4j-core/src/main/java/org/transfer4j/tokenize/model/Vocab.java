package org.transfer4j.tokenize.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.BadInputException;

/** A token-to-id map with its reverse table; ids need not be dense. */
final class Vocab {
  final Map<String, Integer> map;
  final String[] tokens;

  Vocab(Map<String, Integer> vocab, String what) {
    if (vocab == null || vocab.isEmpty()) {
      throw new BadInputException(what + ": the vocabulary is empty; give at least one token");
    }
    this.map = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
    int max = -1;
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        throw new BadInputException(
            what
                + ": token '"
                + e.getKey()
                + "' has invalid id "
                + e.getValue()
                + "; ids are >= 0");
      }
      max = Math.max(max, e.getValue());
    }
    tokens = new String[max + 1];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      tokens[e.getValue()] = e.getKey();
    }
  }

  int id(String token) {
    Integer id = map.get(token);
    return id == null ? -1 : id;
  }

  String token(int id) {
    return id >= 0 && id < tokens.length ? tokens[id] : null;
  }

  int requireId(String token, String what) {
    int id = id(token);
    if (id < 0) {
      throw new BadInputException(
          what
              + ": unk token '"
              + token
              + "' is not in the vocabulary; add it or set another unk token");
    }
    return id;
  }
}
