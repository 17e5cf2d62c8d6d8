package org.transfer4j.quickstart;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files a quickstart run trains on, all written by a {@link DataSource} into {@code
 * OUTPUT/data}: an unlabeled corpus (one document per line) for the tokenizer and pretraining, and
 * three labelled CSV splits with the columns {@code text,label} for fine-tuning.
 *
 * @param name the source's name ({@code wordnet}, {@code builtin}, {@code banking77})
 * @param description one sentence on what the texts and labels are, for the summary
 * @param corpus the unlabeled pretraining corpus
 * @param corpusLines lines in the corpus
 * @param train the labelled training split (small: the few-labels regime)
 * @param validation the validation split (model selection)
 * @param test the test split (the reported scores)
 * @param sizes examples in train, validation and test
 * @param labels number of distinct labels
 */
public record QuickstartData(
    String name,
    String description,
    Path corpus,
    long corpusLines,
    Path train,
    Path validation,
    Path test,
    int[] sizes,
    int labels) {
  public QuickstartData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
    sizes = sizes.clone();
    if (sizes.length != 3) {
      throw new IllegalArgumentException("sizes are train, validation, test");
    }
  }
}
