package org.transfer4j.attention;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders {@link AttentionMaps} as JSON or as one self-contained HTML page (scripts and styles
 * inline, no network): a layer selector, head toggles, the sentence A/B filters and lines between
 * the tokens whose opacity is the weight, with hover to focus one token, after bertviz's head view
 * (Vig, 2019). The page is hand-written SVG and DOM code rather than bertviz's d3 and Jupyter glue,
 * which cannot be inlined offline at a reasonable size.
 *
 * <pre>{@code
 * String html = AttentionView.html(maps, "The cat sat.");
 * AtomicFiles.writeString(Path.of("view.html"), html);
 * }</pre>
 */
public final class AttentionView {
  private static final String TEMPLATE = "attention-view.html";

  private AttentionView() {}

  /** {@code {architecture, tokens, sentence, attentions: [layer][head][query][key]}}. */
  public static String json(AttentionMaps maps) {
    return toJson(maps).toString();
  }

  private static JsonObject toJson(AttentionMaps maps) {
    JsonObject o = new JsonObject();
    o.addProperty("architecture", maps.architecture());
    JsonArray tokens = new JsonArray();
    for (String t : maps.tokens()) {
      tokens.add(t);
    }
    o.add("tokens", tokens);
    JsonArray sentence = new JsonArray();
    for (int s : maps.sentence()) {
      sentence.add(s);
    }
    o.add("sentence", sentence);
    JsonArray layers = new JsonArray();
    for (float[][][] layer : maps.weights()) {
      JsonArray heads = new JsonArray();
      for (float[][] head : layer) {
        JsonArray rows = new JsonArray();
        for (float[] row : head) {
          JsonArray r = new JsonArray();
          for (float w : row) {
            // 4 decimals: the page draws nothing below 0.01; keeps files small.
            r.add(Double.parseDouble(String.format(Locale.ROOT, "%.4f", w)));
          }
          rows.add(r);
        }
        heads.add(rows);
      }
      layers.add(heads);
    }
    o.add("attentions", layers);
    return o;
  }

  /** The self-contained page; {@code title} is shown at the top (escaped). */
  public static String html(AttentionMaps maps, String title) throws IOException {
    String template;
    try (InputStream in = AttentionView.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("resource " + TEMPLATE + " is missing from the jar");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Gson escapes <, > and & as \\u003c etc., so the data cannot close its script element.
    String data = new Gson().toJson(toJson(maps));
    String heading =
        escape(
            maps.architecture()
                + ": "
                + title
                + " ("
                + maps.layers()
                + " layers, "
                + maps.heads()
                + " heads)");
    // The data comes after both title slots: split there so neither text is read as a slot.
    int at = template.indexOf("__DATA__");
    return template.substring(0, at).replace("__TITLE__", heading)
        + data
        + template.substring(at + "__DATA__".length());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
