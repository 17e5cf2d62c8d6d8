package org.transfer4j.data;

import java.util.List;

/**
 * The {@code meta.json} of a token cache.
 *
 * @param format always {@link #FORMAT}
 * @param version layout version, {@link #VERSION}
 * @param tokenizer the tokenizer fingerprint the ids were made with
 * @param lines the number of lines kept (non-empty after tokenization)
 * @param tokens the total number of token ids
 * @param skippedLines blank lines and lines with no tokens
 * @param maxLineLength the longest line in tokens
 * @param sources one entry per input file: {@code path<TAB>size<TAB>lastModifiedMillis}
 */
public record TokenCacheMeta(
    String format,
    int version,
    String tokenizer,
    long lines,
    long tokens,
    long skippedLines,
    int maxLineLength,
    List<String> sources) {
  public static final String FORMAT = "transfer4j-token-cache";
  public static final int VERSION = 1;
}
