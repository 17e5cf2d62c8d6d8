package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/**
 * Several normalizers applied in order.
 *
 * <pre>{@code
 * new NormalizerSequence(List.of(new UnicodeNormalizer(Form.NFD), new StripAccents(), new Lowercase()));
 * }</pre>
 */
public record NormalizerSequence(List<Normalizer> normalizers) implements Normalizer {
  public NormalizerSequence {
    normalizers = List.copyOf(normalizers);
  }

  @Override
  public NormalizedString normalize(NormalizedString in) {
    NormalizedString s = in;
    for (Normalizer n : normalizers) {
      s = n.normalize(s);
    }
    return s;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "Sequence");
    JsonArray a = new JsonArray();
    normalizers.forEach(n -> a.add(n.toJson()));
    o.add("normalizers", a);
    return o;
  }
}
