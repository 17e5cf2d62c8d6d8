package org.transfer4j.tokenize.decoder;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.transfer4j.tokenize.Decoder;
import org.transfer4j.tokenize.pretokenizer.ByteAlphabet;

/**
 * Maps byte-alphabet chars back to bytes and decodes UTF-8 (invalid sequences become U+FFFD). A
 * token with a char outside the alphabet (an added token) contributes its own UTF-8 bytes.
 */
public record ByteLevelDecoder(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
    implements Decoder {
  @Override
  public String decode(List<String> tokens) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String t : tokens) {
      boolean all = true;
      for (int i = 0; i < t.length() && all; i++) {
        all = ByteAlphabet.byteOf(t.charAt(i)) >= 0;
      }
      if (all) {
        for (int i = 0; i < t.length(); i++) {
          out.write(ByteAlphabet.byteOf(t.charAt(i)));
        }
      } else {
        out.writeBytes(t.getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "ByteLevel");
    o.addProperty("add_prefix_space", addPrefixSpace);
    o.addProperty("trim_offsets", trimOffsets);
    o.addProperty("use_regex", useRegex);
    return o;
  }
}
