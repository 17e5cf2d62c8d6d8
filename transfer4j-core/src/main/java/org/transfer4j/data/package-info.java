/**
 * Data for pretraining and fine-tuning: a memory-mapped token cache, length rules, bucketed
 * batches, the masked-LM collator, and readers for classification (CSV/TSV, JSONL, fastText), CoNLL
 * tagging and SWAG-style multiple choice.
 *
 * <p>The tokenizer enters only through small functional interfaces ({@link
 * org.transfer4j.data.TokenEncoder} for pretraining, {@link org.transfer4j.data.PairEncoder} for
 * fine-tuning), so everything here is plain Java over int/long arrays; batch records convert
 * themselves to DJL {@code NDList}s with {@code toNDList(NDManager)}.
 */
package org.transfer4j.data;
