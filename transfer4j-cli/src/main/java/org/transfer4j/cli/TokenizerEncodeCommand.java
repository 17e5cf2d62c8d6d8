package org.transfer4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Padding;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.Truncation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j tokenizer encode}: one JSON line per input line with ids, tokens, type ids,
 * offsets and masks. Input lines are plain text, or JSONL {@code {"text": .., "text_pair": ..}}.
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Encode plain text lines or JSONL {\"text\": .., \"text_pair\": ..} from a file or stdin;"
          + " write one JSON line per input with ids, tokens, type_ids, offsets,"
          + " special_tokens_mask and attention_mask.",
      "Offsets are [start, end) in Unicode code points of the input text. Malformed UTF-8 is"
          + " replaced with U+FFFD."
    })
final class TokenizerEncodeCommand implements Callable<Integer> {
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
      names = "--format",
      defaultValue = "auto",
      description =
          "Input format: auto (JSON object lines are JSONL), lines, jsonl. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--pair-separator",
      paramLabel = "SEP",
      description =
          "For plain lines: split each line at the first SEP into text and pair (e.g. a tab: $'\\t').")
  String pairSeparator;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Truncate to N tokens (special tokens included).")
  Integer maxLength;

  @Option(
      names = "--truncation",
      defaultValue = "longest_first",
      description =
          "longest_first, only_first or only_second (with --max-length). Default: ${DEFAULT-VALUE}.")
  String truncation;

  @Option(
      names = "--stride",
      defaultValue = "0",
      description = "Overlap of overflowing windows. Default: ${DEFAULT-VALUE}.")
  int stride;

  @Option(
      names = "--return-overflowing",
      description =
          "With --max-length: write the windows truncation cut off (overlapping by --stride) as"
              + " \"overflowing\": [{ids, tokens, ...}, ...] instead of their count.")
  boolean returnOverflowing;

  @Option(
      names = "--padding",
      defaultValue = "none",
      description =
          "none, longest (of each batch) or max_length (needs --max-length). Default: ${DEFAULT-VALUE}.")
  String padding;

  @Option(
      names = "--pad-to-multiple-of",
      paramLabel = "N",
      description = "Round padded lengths up to a multiple of N.")
  Integer padToMultipleOf;

  @Option(
      names = "--padding-side",
      defaultValue = "right",
      description = "right or left. Default: ${DEFAULT-VALUE}.")
  String paddingSide;

  @Option(
      names = "--add-special-tokens",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Add [CLS]/[SEP] or the model's special tokens (--no-add-special-tokens to leave them out).")
  boolean addSpecialTokens;

  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      description = "Lines encoded together on all cores. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("--batch-size must be > 0, got " + batchSize);
    }
    Tokenizer t = configure(Tokenizer.load(tokenizer));
    String source = TextInput.name(input);
    try (TextInput.Lines in = TextInput.open(input, System.in);
        TextOutput out = new TextOutput(output, spec.commandLine().getOut())) {
      List<String> texts = new ArrayList<>();
      List<String> pairs = new ArrayList<>();
      boolean anyPair = false;
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] tp = parse(line, source, lineNo);
        texts.add(tp[0]);
        pairs.add(tp[1]);
        anyPair |= tp[1] != null;
        if (texts.size() == batchSize) {
          flush(t, texts, pairs, anyPair, out);
          anyPair = false;
        }
      }
      flush(t, texts, pairs, anyPair, out);
      out.commit();
      in.report(spec.commandLine().getErr(), source);
    }
    return 0;
  }

  private Tokenizer configure(Tokenizer t) {
    if (maxLength != null) {
      t =
          t.withTruncation(
              new Truncation(
                  maxLength,
                  stride,
                  Truncation.Strategy.parse(truncation),
                  Truncation.Direction.RIGHT));
    }
    Padding.Direction side =
        switch (paddingSide.toLowerCase(java.util.Locale.ROOT)) {
          case "right" -> Padding.Direction.RIGHT;
          case "left" -> Padding.Direction.LEFT;
          default ->
              throw new IllegalArgumentException(
                  "--padding-side must be right or left, got '" + paddingSide + "'");
        };
    String pad = padToken(t);
    int padId = Math.max(0, t.tokenToId(pad));
    Padding p =
        switch (padding.toLowerCase(java.util.Locale.ROOT)) {
          case "none" -> null;
          case "longest" -> Padding.longest(padId, pad);
          case "max_length", "max-length" -> {
            if (maxLength == null) {
              throw new IllegalArgumentException("--padding max_length needs --max-length");
            }
            yield Padding.fixed(maxLength, padId, pad);
          }
          default ->
              throw new IllegalArgumentException(
                  "--padding must be none, longest or max_length, got '" + padding + "'");
        };
    if (p != null) {
      t = t.withPadding(p.withMultipleOf(padToMultipleOf).withDirection(side));
    }
    return t;
  }

  /** The pad token: the tokenizer's own, else [PAD], <pad> or <|endoftext|> when present. */
  private static String padToken(Tokenizer t) {
    if (t.padding() != null) {
      return t.padding().padToken();
    }
    for (String c : List.of("[PAD]", "<pad>", "<|endoftext|>")) {
      if (t.tokenToId(c) >= 0) {
        return c;
      }
    }
    return "[PAD]";
  }

  private String[] parse(String line, String source, int lineNo) {
    boolean json =
        switch (format) {
          case "jsonl" -> true;
          case "lines" -> false;
          case "auto" -> line.stripLeading().startsWith("{");
          default ->
              throw new IllegalArgumentException(
                  "--format must be auto, lines or jsonl, got '" + format + "'");
        };
    if (!json) {
      if (pairSeparator != null) {
        int k = line.indexOf(pairSeparator);
        if (k >= 0) {
          return new String[] {line.substring(0, k), line.substring(k + pairSeparator.length())};
        }
      }
      return new String[] {line, null};
    }
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(line);
      if (!e.isJsonObject()) {
        throw new BadInputException(
            source + " line " + lineNo + ": expected a JSON object {\"text\": ...}");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new BadInputException(
          source + " line " + lineNo + ": not valid JSON: " + e.getMessage());
    }
    return new String[] {
      field(o, "text", source, lineNo, true), field(o, "text_pair", source, lineNo, false)
    };
  }

  private static String field(
      JsonObject o, String key, String source, int lineNo, boolean required) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw new BadInputException(
            source + " line " + lineNo + ": $." + key + " is missing; give {\"text\": \"...\"}");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new BadInputException(
          source + " line " + lineNo + ": $." + key + " must be a string, got " + e);
    }
    return e.getAsString();
  }

  private void flush(
      Tokenizer t, List<String> texts, List<String> pairs, boolean anyPair, TextOutput out)
      throws java.io.IOException {
    if (texts.isEmpty()) {
      return;
    }
    if (anyPair && pairs.contains(null) && t.padding() != null) {
      // Mixed singles and pairs in one batch: encodeBatch takes one kind, so pad per kind.
      for (int i = 0; i < texts.size(); i++) {
        out.line(json(t.encode(texts.get(i), pairs.get(i), addSpecialTokens), returnOverflowing));
      }
    } else {
      List<Encoding> enc;
      if (anyPair && !pairs.contains(null)) {
        enc = t.encodeBatch(texts, pairs, addSpecialTokens);
      } else if (!anyPair) {
        enc = t.encodeBatch(texts, null, addSpecialTokens);
      } else {
        enc = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
          enc.add(t.encode(texts.get(i), pairs.get(i), addSpecialTokens));
        }
      }
      for (Encoding e : enc) {
        out.line(json(e, returnOverflowing));
      }
    }
    texts.clear();
    pairs.clear();
  }

  static String json(Encoding e) {
    return json(e, false);
  }

  /** One encoding as JSON; with {@code windows}, its overflowing windows in full. */
  static String json(Encoding e, boolean windows) {
    return object(e, windows).toString();
  }

  private static JsonObject object(Encoding e, boolean windows) {
    JsonObject o = new JsonObject();
    o.add("ids", ints(e.ids()));
    JsonArray tokens = new JsonArray();
    for (String s : e.tokens()) {
      tokens.add(s);
    }
    o.add("tokens", tokens);
    o.add("type_ids", ints(e.typeIds()));
    JsonArray offs = new JsonArray();
    for (int[] p : e.offsets()) {
      offs.add(ints(p));
    }
    o.add("offsets", offs);
    o.add("special_tokens_mask", ints(e.specialTokensMask()));
    o.add("attention_mask", ints(e.attentionMask()));
    if (windows) {
      JsonArray w = new JsonArray();
      for (Encoding piece : e.overflowing()) {
        w.add(object(piece, false));
      }
      o.add("overflowing", w);
    } else if (!e.overflowing().isEmpty()) {
      o.addProperty("overflowing", e.overflowing().size());
    }
    return o;
  }

  private static JsonArray ints(int[] a) {
    JsonArray r = new JsonArray(a.length);
    for (int v : a) {
      r.add(v);
    }
    return r;
  }
}
