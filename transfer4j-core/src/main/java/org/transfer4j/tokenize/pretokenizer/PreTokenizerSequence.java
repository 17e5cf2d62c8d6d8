package org.transfer4j.tokenize.pretokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Words;

/** Several pre-tokenizers, each splitting the words of the previous one. */
public record PreTokenizerSequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
  public PreTokenizerSequence {
    preTokenizers = List.copyOf(preTokenizers);
  }

  @Override
  public void preTokenize(Words in, Words out) {
    Words cur = in;
    for (int i = 0; i < preTokenizers.size(); i++) {
      Words next = i == preTokenizers.size() - 1 ? out : new Words(cur.length() + 16);
      preTokenizers.get(i).preTokenize(cur, next);
      cur = next;
    }
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "Sequence");
    JsonArray a = new JsonArray();
    preTokenizers.forEach(p -> a.add(p.toJson()));
    o.add("pretokenizers", a);
    return o;
  }
}
