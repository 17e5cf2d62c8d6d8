package org.transfer4j.tokenize.processor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.PostProcessor;

/**
 * BERT's post-processor ({@code "type": "BertProcessing"}): {@code [CLS] A [SEP]} with type 0, then
 * {@code B [SEP]} with type 1. Same result as {@link TemplateProcessing#bert}.
 */
public record BertProcessing(String sep, int sepId, String cls, int clsId)
    implements PostProcessor {
  private TemplateProcessing template() {
    return TemplateProcessing.bert(cls, clsId, sep, sepId);
  }

  @Override
  public int addedTokens(boolean pair) {
    return pair ? 3 : 2;
  }

  @Override
  public Encoding process(Encoding a, Encoding b, boolean addSpecialTokens) {
    if (!addSpecialTokens) {
      return PostProcessor.concat(a, b);
    }
    return template().process(a, b, true);
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "BertProcessing");
    JsonArray s = new JsonArray();
    s.add(sep);
    s.add(sepId);
    JsonArray c = new JsonArray();
    c.add(cls);
    c.add(clsId);
    o.add("sep", s);
    o.add("cls", c);
    return o;
  }
}
