package org.transfer4j.tokenize;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.model.Bpe;
import org.transfer4j.tokenize.model.Vocabularies;
import org.transfer4j.tokenize.model.WordPiece;

/**
 * Finds and reads what a tokenizer folder holds: {@code tokenizer.json}; else BERT {@code
 * vocab.txt}; else GPT-2 {@code vocab.json} + {@code merges.txt}; with {@code
 * tokenizer_config.json} and {@code special_tokens_map.json} settings when present.
 */
final class TokenizerFiles {
  private TokenizerFiles() {}

  static Tokenizer load(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new BadInputException("tokenizer path " + path + " does not exist");
    }
    Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
    String name = Files.isDirectory(path) ? "" : path.getFileName().toString();
    if (name.isEmpty()
        ? Files.exists(dir.resolve("tokenizer.json"))
        : name.endsWith(".json") && !name.equals("vocab.json")) {
      Path file = name.isEmpty() ? dir.resolve("tokenizer.json") : path;
      return TokenizerJson.parse(Vocabularies.readUtf8(file), file.toString());
    }
    JsonObject config = readOptional(dir.resolve("tokenizer_config.json"));
    JsonObject specialMap = readOptional(dir.resolve("special_tokens_map.json"));
    try {
      return fromFiles(path, dir, name, config, specialMap);
    } finally {
      SOURCES.remove(config);
      SOURCES.remove(specialMap);
    }
  }

  private static Tokenizer fromFiles(
      Path path, Path dir, String name, JsonObject config, JsonObject specialMap)
      throws IOException {
    if (name.equals("vocab.txt") || (name.isEmpty() && Files.exists(dir.resolve("vocab.txt")))) {
      return bert(dir.resolve("vocab.txt"), config, specialMap);
    }
    if (name.equals("vocab.json") || (name.isEmpty() && Files.exists(dir.resolve("vocab.json")))) {
      Path merges = dir.resolve("merges.txt");
      if (!Files.exists(merges)) {
        throw new BadInputException(
            "found "
                + dir.resolve("vocab.json")
                + " but no merges.txt beside it; a BPE tokenizer needs both");
      }
      return gpt2(dir.resolve("vocab.json"), merges, config, specialMap);
    }
    throw new BadInputException(
        "no tokenizer in "
            + path
            + ": expected tokenizer.json, vocab.txt (BERT) or vocab.json + merges.txt (GPT-2)");
  }

  private static Tokenizer bert(Path vocabFile, JsonObject config, JsonObject specials)
      throws IOException {
    Map<String, Integer> vocab = Vocabularies.readVocabTxt(vocabFile);
    BertOptions d = BertOptions.uncased();
    JsonElement sa = config.get("strip_accents");
    BertOptions o =
        new BertOptions(
            bool(config, "do_lower_case", true),
            sa == null || sa.isJsonNull() ? null : bool(config, "strip_accents", false),
            true,
            bool(config, "tokenize_chinese_chars", true),
            special(config, specials, "unk_token", d.unkToken()),
            special(config, specials, "cls_token", d.clsToken()),
            special(config, specials, "sep_token", d.sepToken()),
            special(config, specials, "pad_token", d.padToken()),
            special(config, specials, "mask_token", d.maskToken()));
    try {
      return Tokenizer.bertWordPiece(vocab, o);
    } catch (BadInputException e) {
      throw new BadInputException("vocabulary file " + vocabFile + ": " + e.getMessage(), e);
    }
  }

  private static Tokenizer gpt2(
      Path vocabFile, Path mergesFile, JsonObject config, JsonObject specials) throws IOException {
    Map<String, Integer> vocab = Vocabularies.readVocabJson(vocabFile);
    List<int[]> lines = new ArrayList<>();
    List<String[]> merges = Vocabularies.readMerges(mergesFile, lines);
    Bpe bpe =
        Bpe.builder(vocab, merges)
            .mergeWhere(i -> "merges file " + mergesFile + " invalid at line " + lines.get(i)[0])
            .build();
    Tokenizer base =
        Tokenizer.byteLevelBpe(vocab, List.of(), bool(config, "add_prefix_space", false));
    List<AddedToken> added = new ArrayList<>(base.addedTokens());
    for (String key : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
      String s = special(config, specials, key, null);
      if (s != null
          && vocab.containsKey(s)
          && added.stream().noneMatch(a -> a.content().equals(s))) {
        added.add(AddedToken.special(vocab.get(s), s));
      }
    }
    return new Tokenizer(
        null, base.preTokenizer(), bpe, base.postProcessor(), base.decoder(), added, null, null);
  }

  /** Where {@link #readOptional} read each object from, for error messages. */
  private static final java.util.Map<JsonObject, Path> SOURCES =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  /**
   * A boolean field; any other JSON type is an error naming the file and field, since Gson's {@code
   * getAsBoolean} would read {@code "yes"} or {@code 1} as false.
   */
  private static boolean bool(JsonObject o, String key, boolean dflt) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new BadInputException(
          SOURCES.get(o) + ": $." + key + " must be true or false, got " + e);
    }
    return e.getAsBoolean();
  }

  /**
   * A special token from special_tokens_map.json or tokenizer_config.json (string or {content}).
   */
  private static String special(JsonObject config, JsonObject map, String key, String dflt) {
    for (JsonObject o : List.of(map, config)) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        continue;
      }
      JsonElement content =
          e.isJsonObject() && e.getAsJsonObject().has("content")
              ? e.getAsJsonObject().get("content")
              : e;
      // A number or boolean here is a broken file, not a token named "5" or "true".
      if (!content.isJsonPrimitive() || !content.getAsJsonPrimitive().isString()) {
        throw new BadInputException(
            SOURCES.get(o)
                + ": $."
                + key
                + " must be a token string or {\"content\": \"...\"}, got "
                + e);
      }
      return content.getAsString();
    }
    return dflt;
  }

  private static JsonObject readOptional(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new JsonObject();
    }
    try {
      JsonElement e = JsonParser.parseString(Vocabularies.readUtf8(file));
      if (!e.isJsonObject()) {
        throw new BadInputException(file + ": $ must be a JSON object");
      }
      SOURCES.put(e.getAsJsonObject(), file);
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new BadInputException(file + " is not valid JSON: " + e.getMessage());
    }
  }

  static void save(Tokenizer t, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeAtomic(dir.resolve("tokenizer.json"), t.toJson());
    writeConfigs(t, dir);
    if (t.model() instanceof WordPiece wp) {
      StringWriter w = new StringWriter();
      Vocabularies.writeVocabTxt(wp.vocab(), w);
      writeAtomic(dir.resolve("vocab.txt"), w.toString());
    } else if (t.model() instanceof Bpe bpe) {
      writeAtomic(
          dir.resolve("vocab.json"),
          new GsonBuilder()
              .disableHtmlEscaping()
              .create()
              .toJson(Vocabularies.toJson(bpe.vocab())));
      StringWriter w = new StringWriter();
      Vocabularies.writeMerges(bpe.merges(), w);
      writeAtomic(dir.resolve("merges.txt"), w.toString());
    }
  }

  /**
   * Writes {@code tokenizer_config.json} and {@code special_tokens_map.json} as the transformers
   * library saves them, so that a folder without {@code tokenizer.json} still loads the same.
   */
  private static void writeConfigs(Tokenizer t, Path dir) throws IOException {
    JsonObject config = new JsonObject();
    JsonObject map = new JsonObject();
    if (t.model() instanceof WordPiece wp
        && t.normalizer() instanceof org.transfer4j.tokenize.normalizer.BertNormalizer bn) {
      config.addProperty("tokenizer_class", "BertTokenizer");
      config.addProperty("do_lower_case", bn.lowercase());
      if (bn.stripAccents() == null) {
        config.add("strip_accents", com.google.gson.JsonNull.INSTANCE);
      } else {
        config.addProperty("strip_accents", bn.stripAccents());
      }
      config.addProperty("tokenize_chinese_chars", bn.handleChineseChars());
      map.addProperty("unk_token", wp.unkToken());
      for (String[] kv :
          new String[][] {
            {"cls_token", "[CLS]"},
            {"sep_token", "[SEP]"},
            {"pad_token", "[PAD]"},
            {"mask_token", "[MASK]"}
          }) {
        if (t.tokenToId(kv[1]) >= 0) {
          map.addProperty(kv[0], kv[1]);
        }
      }
    } else if (t.model() instanceof Bpe
        && t.preTokenizer() instanceof org.transfer4j.tokenize.pretokenizer.ByteLevel bl) {
      config.addProperty("tokenizer_class", "GPT2Tokenizer");
      config.addProperty("add_prefix_space", bl.addPrefixSpace());
      if (t.tokenToId("<|endoftext|>") >= 0) {
        for (String k : List.of("bos_token", "eos_token", "unk_token")) {
          map.addProperty(k, "<|endoftext|>");
        }
      }
    } else {
      return;
    }
    map.entrySet().forEach(e -> config.add(e.getKey(), e.getValue()));
    var gson =
        new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
    writeAtomic(dir.resolve("tokenizer_config.json"), gson.toJson(config));
    writeAtomic(dir.resolve("special_tokens_map.json"), gson.toJson(map));
  }

  /** Writes to a temp file beside {@code file}, then moves it into place. */
  static void writeAtomic(Path file, String text) throws IOException {
    Path tmp =
        org.transfer4j.io.AtomicFiles.createTempFile(
            file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
