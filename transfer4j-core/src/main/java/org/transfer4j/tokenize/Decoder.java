package org.transfer4j.tokenize;

import com.google.gson.JsonObject;
import java.util.List;

/** Last stage, the way back: joins tokens into text (undoing {@code ##} or the byte alphabet). */
public interface Decoder {
  String decode(List<String> tokens);

  /** The Hugging Face {@code tokenizer.json} form. */
  JsonObject toJson();
}
