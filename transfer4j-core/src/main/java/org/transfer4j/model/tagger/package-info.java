/**
 * Sequence taggers on word vectors: a BiLSTM with character CNN and casing features and a softmax
 * or CRF output ({@code model_type = word_tagger}).
 */
package org.transfer4j.model.tagger;
