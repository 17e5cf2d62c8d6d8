/**
 * The classic neural text classifiers on pretrained word vectors, before transformers: the deep
 * averaging network (Iyyer et al., 2015), a BiLSTM with mean and max pooling, and a multi-width CNN
 * (Kim, 2014). They are {@link org.transfer4j.model.PretrainedModel}s of {@code model_type
 * word_classifier}, so the fine-tuning runner, the trainer, {@code evaluate} and {@code predict}
 * treat them like the BERT classifier.
 */
package org.transfer4j.model.classic;
