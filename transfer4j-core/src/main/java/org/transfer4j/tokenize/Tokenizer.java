package org.transfer4j.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.decoder.ByteLevelDecoder;
import org.transfer4j.tokenize.decoder.WordPieceDecoder;
import org.transfer4j.tokenize.model.Bpe;
import org.transfer4j.tokenize.model.WordPiece;
import org.transfer4j.tokenize.normalizer.BertNormalizer;
import org.transfer4j.tokenize.pretokenizer.BertPreTokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;
import org.transfer4j.tokenize.processor.ByteLevelProcessing;
import org.transfer4j.tokenize.processor.TemplateProcessing;

/**
 * A Hugging Face compatible tokenizer: normalizer, pre-tokenizer, model, post-processor, decoder,
 * added tokens, optional truncation and padding. Immutable and thread-safe; output (ids, type ids,
 * offsets, masks) is identical to the Hugging Face {@code tokenizers} library.
 *
 * <pre>{@code
 * Tokenizer t = Tokenizer.load(Path.of("bert-base-uncased"));  // tokenizer.json or vocab.txt
 * Encoding e = t.encode("Hello world!", "How are you?");
 * List<Encoding> batch = t.withTruncation(Truncation.longestFirst(128))
 *     .withPadding(Padding.longest(0, "[PAD]")).encodeBatch(texts);
 * String text = t.decode(e.ids(), true);
 * }</pre>
 */
public final class Tokenizer {
  private final Normalizer normalizer;
  private final PreTokenizer preTokenizer;
  private final Model model;
  private final PostProcessor postProcessor;
  private final Decoder decoder;
  private final List<AddedToken> addedTokens;
  private final Truncation truncation;
  private final Padding padding;
  private final AddedVocabulary addedRaw;
  private final AddedVocabulary addedNormalized;
  private final String[] idToToken;

  public Tokenizer(
      Normalizer normalizer,
      PreTokenizer preTokenizer,
      Model model,
      PostProcessor postProcessor,
      Decoder decoder,
      List<AddedToken> addedTokens,
      Truncation truncation,
      Padding padding) {
    if (model == null) {
      throw new IllegalArgumentException("a tokenizer needs a model");
    }
    this.normalizer = normalizer;
    this.preTokenizer = preTokenizer;
    this.model = model;
    this.postProcessor = postProcessor;
    this.decoder = decoder;
    // As in Hugging Face, an added token that the model already knows keeps the model's id.
    List<AddedToken> fixed = new ArrayList<>(addedTokens.size());
    for (AddedToken t : addedTokens) {
      int known = model.tokenToId(t.content());
      fixed.add(
          known < 0 || known == t.id()
              ? t
              : new AddedToken(
                  known,
                  t.content(),
                  t.singleWord(),
                  t.lstrip(),
                  t.rstrip(),
                  t.normalized(),
                  t.special()));
    }
    addedTokens = fixed;
    this.addedTokens = List.copyOf(addedTokens);
    this.truncation = truncation;
    this.padding = padding;
    this.addedRaw = new AddedVocabulary(addedTokens, false);
    this.addedNormalized = new AddedVocabulary(addedTokens, true);
    int size = model.vocabSize();
    for (AddedToken t : addedTokens) {
      size = Math.max(size, t.id() + 1);
    }
    idToToken = new String[size];
    for (int i = 0; i < model.vocabSize(); i++) {
      idToToken[i] = model.idToToken(i);
    }
    for (AddedToken t : addedTokens) {
      idToToken[t.id()] = t.content();
    }
  }

  /** BERT WordPiece with the given vocabulary (which must hold the special tokens). */
  public static Tokenizer bertWordPiece(Map<String, Integer> vocab, BertOptions o) {
    WordPiece wp = new WordPiece(vocab, o.unkToken(), "##", 100);
    List<AddedToken> specials = new ArrayList<>();
    for (String s :
        List.of(o.padToken(), o.unkToken(), o.clsToken(), o.sepToken(), o.maskToken())) {
      Integer id = vocab.get(s);
      if (id == null) {
        throw new BadInputException(
            "special token '"
                + s
                + "' is not in the WordPiece vocabulary; add it to the vocabulary");
      }
      specials.add(AddedToken.special(id, s));
    }
    specials.sort((x, y) -> Integer.compare(x.id(), y.id()));
    return new Tokenizer(
        new BertNormalizer(o.cleanText(), o.handleChineseChars(), o.stripAccents(), o.lowercase()),
        new BertPreTokenizer(),
        wp,
        TemplateProcessing.bert(
            o.clsToken(), vocab.get(o.clsToken()), o.sepToken(), vocab.get(o.sepToken())),
        new WordPieceDecoder("##", true),
        specials,
        null,
        null);
  }

  /** GPT-2 style byte-level BPE; {@code <|endoftext|>} becomes a special token when present. */
  public static Tokenizer byteLevelBpe(
      Map<String, Integer> vocab, List<String[]> merges, boolean addPrefixSpace) {
    Bpe bpe = Bpe.builder(vocab, merges).build();
    List<AddedToken> specials = new ArrayList<>();
    Integer eos = vocab.get("<|endoftext|>");
    if (eos != null) {
      specials.add(AddedToken.special(eos, "<|endoftext|>"));
    }
    return new Tokenizer(
        null,
        new ByteLevel(addPrefixSpace, true, true),
        bpe,
        new ByteLevelProcessing(true, false, true),
        new ByteLevelDecoder(true, true, true),
        specials,
        null,
        null);
  }

  /**
   * Loads {@code tokenizer.json}, or a folder with it, {@code vocab.txt}, or {@code
   * vocab.json}+{@code merges.txt}.
   */
  public static Tokenizer load(Path dirOrFile) throws IOException {
    return TokenizerFiles.load(dirOrFile);
  }

  /** Parses the text of a {@code tokenizer.json}. */
  public static Tokenizer fromJson(String json) {
    return TokenizerJson.parse(json, "tokenizer.json");
  }

  /** The {@code tokenizer.json} text of this tokenizer. */
  public String toJson() {
    return TokenizerJson.write(this);
  }

  /**
   * Writes {@code tokenizer.json} and the model's vocabulary files into {@code dir}, atomically.
   */
  public void save(Path dir) throws IOException {
    TokenizerFiles.save(this, dir);
  }

  public Encoding encode(String text) {
    return encode(text, null, true);
  }

  public Encoding encode(String text, String pair) {
    return encode(text, pair, true);
  }

  /** Encodes a text and optional pair ({@code null}), applying truncation and padding. */
  public Encoding encode(String text, String pair, boolean addSpecialTokens) {
    Encoding e = encodeUnpadded(text, pair, addSpecialTokens);
    return padding == null
        ? e
        : Encodings.pad(e, Encodings.padLength(List.of(e), padding), padding);
  }

  public List<Encoding> encodeBatch(List<String> texts) {
    return encodeBatch(texts, null, true);
  }

  /**
   * Encodes texts (and optional pairs, same size or null) on all cores; pads the batch together.
   */
  public List<Encoding> encodeBatch(
      List<String> texts, List<String> pairs, boolean addSpecialTokens) {
    if (pairs != null && pairs.size() != texts.size()) {
      throw new IllegalArgumentException(
          "got " + texts.size() + " texts but " + pairs.size() + " pairs; give one pair per text");
    }
    Encoding[] out = new Encoding[texts.size()];
    IntStream.range(0, texts.size())
        .parallel()
        .forEach(
            i ->
                out[i] =
                    encodeUnpadded(
                        texts.get(i), pairs == null ? null : pairs.get(i), addSpecialTokens));
    List<Encoding> list = Arrays.asList(out);
    if (padding != null && !list.isEmpty()) {
      int target = Encodings.padLength(list, padding);
      list.replaceAll(e -> Encodings.pad(e, target, padding));
    }
    return List.copyOf(list);
  }

  private Encoding encodeUnpadded(String text, String pair, boolean addSpecialTokens) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    Encoding a = new SequenceEncoder(this, text.length() / 3 + 8).encode(text, 0);
    Encoding b =
        pair == null ? null : new SequenceEncoder(this, pair.length() / 3 + 8).encode(pair, 1);
    if (truncation != null) {
      int added =
          addSpecialTokens && postProcessor != null ? postProcessor.addedTokens(b != null) : 0;
      int max = truncation.maxLength() - added;
      if (max < 0) {
        throw new IllegalArgumentException(
            "truncation max length "
                + truncation.maxLength()
                + " is smaller than the "
                + added
                + " special tokens; raise it");
      }
      Encoding[] ab = TruncationStrategy.apply(a, b, max, truncation);
      a = ab[0];
      b = ab[1];
    }
    return postProcessor == null
        ? PostProcessor.concat(a, b)
        : postProcessor.process(a, b, addSpecialTokens);
  }

  /** Text of {@code ids}; special tokens are left out when {@code skipSpecialTokens}. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      String t = idToToken(id);
      if (t == null) {
        continue;
      }
      if (skipSpecialTokens) {
        AddedToken a = addedRaw.byContent(t);
        if (a != null && a.special()) {
          continue;
        }
      }
      tokens.add(t);
    }
    return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
  }

  /** The id of {@code token} (added tokens first), or -1. */
  public int tokenToId(String token) {
    AddedToken a = addedRaw.byContent(token);
    return a != null ? a.id() : model.tokenToId(token);
  }

  /** The token of {@code id}, or null. */
  public String idToToken(int id) {
    return id >= 0 && id < idToToken.length ? idToToken[id] : null;
  }

  /** Number of ids, added tokens included. */
  public int vocabSize() {
    return idToToken.length;
  }

  public Tokenizer withTruncation(Truncation t) {
    return new Tokenizer(
        normalizer, preTokenizer, model, postProcessor, decoder, addedTokens, t, padding);
  }

  public Tokenizer withPadding(Padding p) {
    return new Tokenizer(
        normalizer, preTokenizer, model, postProcessor, decoder, addedTokens, truncation, p);
  }

  /** Adds tokens matched before the model (new ids must not collide with existing ones). */
  public Tokenizer withAddedTokens(List<AddedToken> more) {
    List<AddedToken> all = new ArrayList<>(addedTokens);
    all.addAll(more);
    return new Tokenizer(
        normalizer, preTokenizer, model, postProcessor, decoder, all, truncation, padding);
  }

  public Normalizer normalizer() {
    return normalizer;
  }

  public PreTokenizer preTokenizer() {
    return preTokenizer;
  }

  public Model model() {
    return model;
  }

  public PostProcessor postProcessor() {
    return postProcessor;
  }

  public Decoder decoder() {
    return decoder;
  }

  public List<AddedToken> addedTokens() {
    return addedTokens;
  }

  public Truncation truncation() {
    return truncation;
  }

  public Padding padding() {
    return padding;
  }

  AddedVocabulary addedRaw() {
    return addedRaw;
  }

  AddedVocabulary addedNormalized() {
    return addedNormalized;
  }
}
