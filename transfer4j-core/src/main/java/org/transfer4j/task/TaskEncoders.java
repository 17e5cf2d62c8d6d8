package org.transfer4j.task;

import java.util.List;
import org.transfer4j.data.BertLayout;
import org.transfer4j.data.EncodedInput;
import org.transfer4j.data.PairEncoder;
import org.transfer4j.data.SpecialTokens;
import org.transfer4j.data.TokenEncoder;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A tokenizer seen as the fine-tuning data layer needs it: BERT's input layout ({@code [CLS] a
 * [SEP] b [SEP]}, segment ids, longest-first truncation to {@code maxLength}) built from the
 * tokenizer's ids without specials, so any WordPiece tokenizer with {@code [CLS] [SEP] [PAD]}
 * works, whatever post-processor its file names.
 *
 * <pre>{@code
 * TaskEncoders enc = TaskEncoders.of(Tokenizer.load(dir), 128);
 * EncodedInput in = enc.pairs().encode("premise", "hypothesis");
 * }</pre>
 *
 * @param tokenizer the tokenizer
 * @param specials its special token ids
 * @param maxLength tokens per input, specials included
 */
public record TaskEncoders(Tokenizer tokenizer, SpecialTokens specials, int maxLength) {
  public static TaskEncoders of(Tokenizer tokenizer, int maxLength) {
    // The layout adds the specials and truncates to maxLength itself. A tokenizer.json's own
    // padding (e.g. "Fixed" 1024, above a 512-position model) or truncation would otherwise act on
    // the bare tokens: pad ids encoded as text under an attention mask of 1, or texts cut before
    // the layout sees them. Every other command (embed, pretrain, generate, attention) already
    // drops them the same way; tokenizer.json on disk is left as it is.
    tokenizer = tokenizer.withTruncation(null).withPadding(null);
    return new TaskEncoders(
        tokenizer, SpecialTokens.fromVocab(tokenizer::tokenToId, tokenizer.vocabSize()), maxLength);
  }

  /** Text to ids without specials. */
  public TokenEncoder tokens() {
    return text -> tokenizer.encode(text, null, false).ids();
  }

  /** Text (and pair) to one model input. */
  public PairEncoder pairs() {
    return BertLayout.pairEncoder(tokens(), specials, maxLength);
  }

  /** Pre-split words to one model input with word ids (tagging). */
  public EncodedInput words(List<String> words) {
    return BertLayout.encodeWords(words, tokens(), specials, maxLength);
  }
}
