package org.transfer4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j tokenizer decode}: ids back to text. Each input line is a JSON array of ids, a
 * JSON object with {@code "ids"} (the output of {@code encode}), or ids separated by spaces.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description =
        "Decode ids to text: each input line is [ids...], {\"ids\": [...]} (encode's output) or"
            + " space-separated ids; writes {\"text\": ...} per line (--plain: the raw text).")
final class TokenizerDecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "DIR",
      description = "Folder (or file) with tokenizer.json, vocab.txt, or vocab.json + merges.txt.")
  Path tokenizer;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description = "Input file; '-' or absent: stdin.")
  Path input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Output file (written atomically); absent: stdout.")
  Path output;

  @Option(
      names = "--skip-special-tokens",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Leave out special tokens such as [CLS] (--no-skip-special-tokens keeps them).")
  boolean skipSpecialTokens;

  @Option(names = "--plain", description = "Write the decoded text as is instead of a JSON line.")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    Tokenizer t = Tokenizer.load(tokenizer);
    String source = TextInput.name(input);
    try (TextInput.Lines in = TextInput.open(input, System.in);
        TextOutput out = new TextOutput(output, spec.commandLine().getOut())) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String text = t.decode(ids(line, source, lineNo), skipSpecialTokens);
        if (plain) {
          out.line(text);
        } else {
          JsonObject o = new JsonObject();
          o.addProperty("text", text);
          out.line(o.toString());
        }
      }
      out.commit();
      in.report(spec.commandLine().getErr(), source);
    }
    return 0;
  }

  static int[] ids(String line, String source, int lineNo) {
    String s = line.strip();
    if (s.startsWith("[") || s.startsWith("{")) {
      JsonElement e;
      try {
        e = JsonParser.parseString(s);
      } catch (JsonParseException ex) {
        throw new BadInputException(
            source + " line " + lineNo + ": not valid JSON: " + ex.getMessage());
      }
      String path = "$";
      if (e.isJsonObject()) {
        e = e.getAsJsonObject().get("ids");
        path = "$.ids";
      }
      if (e == null || !e.isJsonArray()) {
        throw new BadInputException(
            source + " line " + lineNo + ": " + path + " must be an array of ids");
      }
      JsonArray a = e.getAsJsonArray();
      int[] ids = new int[a.size()];
      for (int i = 0; i < ids.length; i++) {
        JsonElement v = a.get(i);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
          throw new BadInputException(
              source
                  + " line "
                  + lineNo
                  + ": "
                  + path
                  + "["
                  + i
                  + "] must be an integer id, got "
                  + v);
        }
        ids[i] = v.getAsInt();
      }
      return ids;
    }
    String[] parts = s.split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException ex) {
        throw new BadInputException(
            source + " line " + lineNo + ": '" + parts[i] + "' is not an integer id");
      }
    }
    return ids;
  }
}
