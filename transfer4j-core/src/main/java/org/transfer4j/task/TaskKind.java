package org.transfer4j.task;

import java.util.Locale;
import org.transfer4j.BadInputException;

/**
 * The three fine-tuning tasks and the Hugging Face head class each uses per {@code model_type}.
 *
 * <pre>{@code
 * String arch = TaskKind.TAG.architecture("bert"); // BertForTokenClassification
 * }</pre>
 */
public enum TaskKind {
  /** One label (or a label set) per text or text pair. */
  CLASSIFY("BertForSequenceClassification", "DistilBertForSequenceClassification"),
  /** One tag per word (CoNLL). */
  TAG("BertForTokenClassification", "DistilBertForTokenClassification"),
  /** The right ending among several (SWAG). */
  CHOICE("BertForMultipleChoice", null);

  private final String bert;
  private final String distilbert;

  TaskKind(String bert, String distilbert) {
    this.bert = bert;
    this.distilbert = distilbert;
  }

  /** The name used in {@code task.json} and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The head class for a {@code model_type}; a clear error when there is none. */
  public String architecture(String modelType) {
    String a =
        switch (modelType) {
          case "bert" -> bert;
          case "distilbert" -> distilbert;
          default -> null;
        };
    if (a == null) {
      throw new BadInputException(
          "model_type '"
              + modelType
              + "' has no "
              + id()
              + " head; use a BERT model"
              + (modelType.equals("distilbert")
                  ? " (DistilBERT has no multiple-choice head)"
                  : ""));
    }
    return a;
  }

  /** The task a saved head class belongs to, from {@code architectures[0]}. */
  public static TaskKind ofArchitecture(String architecture) {
    for (TaskKind k : values()) {
      if (architecture.equals(k.bert) || architecture.equals(k.distilbert)) {
        return k;
      }
    }
    if (architecture.equals("DanForSequenceClassification")
        || architecture.equals("BiLstmForSequenceClassification")
        || architecture.equals("CnnForSequenceClassification")) {
      return CLASSIFY; // the word-vector classifiers (model.classic)
    }
    if (architecture.equals("BertCrfForTokenClassification")
        || architecture.equals("BiLstmForTokenClassification")
        || architecture.equals("BiLstmCrfForTokenClassification")) {
      return TAG; // BERT with a CRF, the word-vector taggers (model.tagger)
    }
    throw new BadInputException(
        "architecture "
            + architecture
            + " is not a fine-tuned task model; give a folder written by 'transfer4j finetune'"
            + " (or a *ForSequenceClassification / *ForTokenClassification / *ForMultipleChoice"
            + " folder)");
  }

  public static TaskKind parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("unknown task '" + s + "'; use classify, tag or choice");
    }
  }
}
