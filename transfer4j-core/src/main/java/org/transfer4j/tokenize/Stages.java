package org.transfer4j.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.decoder.ByteLevelDecoder;
import org.transfer4j.tokenize.decoder.WordPieceDecoder;
import org.transfer4j.tokenize.model.Bpe;
import org.transfer4j.tokenize.model.Vocabularies;
import org.transfer4j.tokenize.model.WordLevel;
import org.transfer4j.tokenize.model.WordPiece;
import org.transfer4j.tokenize.normalizer.BertNormalizer;
import org.transfer4j.tokenize.normalizer.Lowercase;
import org.transfer4j.tokenize.normalizer.NormalizerSequence;
import org.transfer4j.tokenize.normalizer.StripAccents;
import org.transfer4j.tokenize.normalizer.UnicodeNormalizer;
import org.transfer4j.tokenize.pretokenizer.BertPreTokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;
import org.transfer4j.tokenize.pretokenizer.PreTokenizerSequence;
import org.transfer4j.tokenize.pretokenizer.Whitespace;
import org.transfer4j.tokenize.pretokenizer.WhitespaceSplit;
import org.transfer4j.tokenize.processor.BertProcessing;
import org.transfer4j.tokenize.processor.ByteLevelProcessing;
import org.transfer4j.tokenize.processor.TemplateProcessing;

/** Builds each pipeline stage from its {@code tokenizer.json} object. */
final class Stages {
  private Stages() {}

  /** Typed JSON access whose errors name the source and the JSON path. */
  record Json(String source) {
    BadInputException bad(String path, String what) {
      return new BadInputException(source + ": " + path + " " + what);
    }

    JsonObject asObject(JsonElement e, String path) {
      if (e == null || !e.isJsonObject()) {
        throw bad(path, "must be a JSON object, got " + e);
      }
      return e.getAsJsonObject();
    }

    /** The object at {@code key}, or null when absent or JSON null. */
    JsonObject object(JsonObject o, String key, String path) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        return null;
      }
      return asObject(e, path + "." + key);
    }

    JsonArray array(JsonObject o, String key, String path) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        return null;
      }
      if (!e.isJsonArray()) {
        throw bad(path + "." + key, "must be an array, got " + e);
      }
      return e.getAsJsonArray();
    }

    String string(JsonObject o, String key, String path, String dflt) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        if (dflt == null) {
          throw bad(path + "." + key, "is missing");
        }
        return dflt;
      }
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw bad(path + "." + key, "must be a string, got " + e);
      }
      return e.getAsString();
    }

    /** A string that may be JSON null (returns null). */
    String optString(JsonObject o, String key, String path) {
      JsonElement e = o.get(key);
      return e == null || e.isJsonNull() ? null : string(o, key, path, null);
    }

    int integer(JsonObject o, String key, String path, Integer dflt) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        if (dflt == null) {
          throw bad(path + "." + key, "is missing");
        }
        return dflt;
      }
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw bad(path + "." + key, "must be an integer, got " + e);
      }
      // getAsInt would wrap 4294967296 to 0 and cut 1.5 to 1: a different id, silently.
      try {
        return e.getAsBigDecimal().intValueExact();
      } catch (ArithmeticException x) {
        throw bad(path + "." + key, "must be an integer between 0 and 2147483647, got " + e);
      }
    }

    boolean bool(JsonObject o, String key, String path, boolean dflt) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        return dflt;
      }
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw bad(path + "." + key, "must be true or false, got " + e);
      }
      return e.getAsBoolean();
    }

    String type(JsonObject o, String path) {
      return string(o, "type", path, null);
    }
  }

  static Normalizer normalizer(Json j, JsonObject o, String p) {
    if (o == null) {
      return null;
    }
    String type = j.type(o, p);
    switch (type) {
      case "BertNormalizer":
        JsonElement sa = o.get("strip_accents");
        return new BertNormalizer(
            j.bool(o, "clean_text", p, true),
            j.bool(o, "handle_chinese_chars", p, true),
            sa == null || sa.isJsonNull() ? null : j.bool(o, "strip_accents", p, false),
            j.bool(o, "lowercase", p, true));
      case "NFC", "NFD", "NFKC", "NFKD":
        return new UnicodeNormalizer(Form.valueOf(type));
      case "Lowercase":
        return new Lowercase();
      case "StripAccents":
        return new StripAccents();
      case "Sequence":
        List<Normalizer> list = new ArrayList<>();
        JsonArray a = j.array(o, "normalizers", p);
        for (int i = 0; a != null && i < a.size(); i++) {
          list.add(
              normalizer(
                  j,
                  j.asObject(a.get(i), p + ".normalizers[" + i + "]"),
                  p + ".normalizers[" + i + "]"));
        }
        return new NormalizerSequence(list);
      default:
        throw j.bad(
            p + ".type",
            "'"
                + type
                + "' is not supported; use BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents or Sequence");
    }
  }

  static PreTokenizer preTokenizer(Json j, JsonObject o, String p) {
    if (o == null) {
      return null;
    }
    String type = j.type(o, p);
    switch (type) {
      case "BertPreTokenizer":
        return new BertPreTokenizer();
      case "Whitespace":
        return new Whitespace();
      case "WhitespaceSplit":
        return new WhitespaceSplit();
      case "ByteLevel":
        return new ByteLevel(
            j.bool(o, "add_prefix_space", p, true),
            j.bool(o, "trim_offsets", p, true),
            j.bool(o, "use_regex", p, true));
      case "Sequence":
        List<PreTokenizer> list = new ArrayList<>();
        JsonArray a = j.array(o, "pretokenizers", p);
        for (int i = 0; a != null && i < a.size(); i++) {
          String q = p + ".pretokenizers[" + i + "]";
          list.add(preTokenizer(j, j.asObject(a.get(i), q), q));
        }
        return new PreTokenizerSequence(list);
      default:
        throw j.bad(
            p + ".type",
            "'"
                + type
                + "' is not supported; use BertPreTokenizer, Whitespace, WhitespaceSplit, ByteLevel or Sequence");
    }
  }

  static Model model(Json j, JsonObject o, String p) {
    String type =
        o.has("type")
            ? j.type(o, p)
            : o.has("merges")
                ? "BPE"
                : o.has("continuing_subword_prefix") ? "WordPiece" : "WordLevel";
    JsonObject vocabJson = j.object(o, "vocab", p);
    if (vocabJson == null || vocabJson.size() == 0) {
      throw j.bad(p + ".vocab", "is missing or empty; the model needs a vocabulary");
    }
    Map<String, Integer> vocab = Vocabularies.fromJson(vocabJson, j.source() + ": " + p + ".vocab");
    switch (type) {
      case "WordPiece":
        return new WordPiece(
            vocab,
            j.string(o, "unk_token", p, "[UNK]"),
            j.string(o, "continuing_subword_prefix", p, "##"),
            j.integer(o, "max_input_chars_per_word", p, 100));
      case "BPE":
        JsonElement dropout = o.get("dropout");
        if (dropout != null && !dropout.isJsonNull() && dropout.getAsDouble() != 0.0) {
          throw j.bad(
              p + ".dropout",
              "BPE dropout is not supported (it makes encoding random); set it to null");
        }
        JsonArray merges = j.array(o, "merges", p);
        String mp = j.source() + ": " + p + ".merges";
        return Bpe.builder(
                vocab, merges == null ? List.of() : Vocabularies.mergesFromJson(merges, mp))
            .unkToken(j.optString(o, "unk_token", p))
            .continuingSubwordPrefix(j.optString(o, "continuing_subword_prefix", p))
            .endOfWordSuffix(j.optString(o, "end_of_word_suffix", p))
            .fuseUnk(j.bool(o, "fuse_unk", p, false))
            .byteFallback(j.bool(o, "byte_fallback", p, false))
            .ignoreMerges(j.bool(o, "ignore_merges", p, false))
            .mergeWhere(i -> mp + "[" + i + "]")
            .build();
      case "WordLevel":
        return new WordLevel(vocab, j.string(o, "unk_token", p, "[UNK]"));
      default:
        throw j.bad(
            p + ".type", "'" + type + "' is not supported; use WordPiece, BPE or WordLevel");
    }
  }

  static PostProcessor postProcessor(Json j, JsonObject o, String p) {
    if (o == null) {
      return null;
    }
    String type = j.type(o, p);
    switch (type) {
      case "TemplateProcessing":
        Map<String, TemplateProcessing.SpecialTokens> sp = new LinkedHashMap<>();
        JsonObject st = j.object(o, "special_tokens", p);
        if (st != null) {
          for (Map.Entry<String, JsonElement> e : st.entrySet()) {
            String q = p + ".special_tokens." + e.getKey();
            JsonObject t = j.asObject(e.getValue(), q);
            JsonArray ids = j.array(t, "ids", q);
            JsonArray toks = j.array(t, "tokens", q);
            if (ids == null || toks == null || ids.size() != toks.size()) {
              throw j.bad(q, "needs 'ids' and 'tokens' arrays of the same length");
            }
            int[] idArr = new int[ids.size()];
            String[] tokArr = new String[toks.size()];
            for (int i = 0; i < idArr.length; i++) {
              idArr[i] = ids.get(i).getAsInt();
              tokArr[i] = toks.get(i).getAsString();
            }
            sp.put(
                e.getKey(),
                new TemplateProcessing.SpecialTokens(
                    j.string(t, "id", q, e.getKey()), idArr, tokArr));
          }
        }
        return new TemplateProcessing(
            pieces(j, j.array(o, "single", p), p + ".single"),
            pieces(j, j.array(o, "pair", p), p + ".pair"),
            sp);
      case "BertProcessing":
        JsonArray sep = j.array(o, "sep", p);
        JsonArray cls = j.array(o, "cls", p);
        if (sep == null || cls == null || sep.size() != 2 || cls.size() != 2) {
          throw j.bad(p, "needs \"sep\": [token, id] and \"cls\": [token, id]");
        }
        return new BertProcessing(
            sep.get(0).getAsString(),
            sep.get(1).getAsInt(),
            cls.get(0).getAsString(),
            cls.get(1).getAsInt());
      case "ByteLevel":
        return new ByteLevelProcessing(
            j.bool(o, "add_prefix_space", p, true),
            j.bool(o, "trim_offsets", p, true),
            j.bool(o, "use_regex", p, true));
      default:
        throw j.bad(
            p + ".type",
            "'" + type + "' is not supported; use TemplateProcessing, BertProcessing or ByteLevel");
    }
  }

  private static List<TemplateProcessing.Piece> pieces(Json j, JsonArray a, String p) {
    if (a == null) {
      throw j.bad(p, "is missing");
    }
    List<TemplateProcessing.Piece> list = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String q = p + "[" + i + "]";
      JsonObject o = j.asObject(a.get(i), q);
      boolean special = o.has("SpecialToken");
      JsonObject inner = j.object(o, special ? "SpecialToken" : "Sequence", q);
      if (inner == null) {
        throw j.bad(q, "must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
      }
      list.add(
          new TemplateProcessing.Piece(
              special, j.string(inner, "id", q, null), j.integer(inner, "type_id", q, 0)));
    }
    return list;
  }

  static Decoder decoder(Json j, JsonObject o, String p) {
    if (o == null) {
      return null;
    }
    String type = j.type(o, p);
    switch (type) {
      case "WordPiece":
        return new WordPieceDecoder(j.string(o, "prefix", p, "##"), j.bool(o, "cleanup", p, true));
      case "ByteLevel":
        return new ByteLevelDecoder(
            j.bool(o, "add_prefix_space", p, true),
            j.bool(o, "trim_offsets", p, true),
            j.bool(o, "use_regex", p, true));
      default:
        throw j.bad(p + ".type", "'" + type + "' is not supported; use WordPiece or ByteLevel");
    }
  }
}
