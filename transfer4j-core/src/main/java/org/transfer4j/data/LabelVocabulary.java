package org.transfer4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.transfer4j.BadInputException;

/**
 * The label set of a task, taken from the training split: sorted (numerically when every label is
 * an integer, so {@code "0".."9"} map to 0..9; else by string), so ids are stable across runs.
 * Labels of another split that training never saw are an error, not a silent new class.
 *
 * <pre>{@code
 * LabelVocabulary labels = LabelVocabulary.fromTraining(train);
 * labels.requireKnown(test, "test");       // BadInputException listing unseen labels
 * long y = labels.id(example.label());
 * }</pre>
 */
public final class LabelVocabulary {
  private final List<String> labels;
  private final Map<String, Integer> ids = new HashMap<>();
  private final boolean multiLabel;

  private LabelVocabulary(List<String> labels, boolean multiLabel) {
    this.labels = List.copyOf(labels);
    for (int i = 0; i < this.labels.size(); i++) {
      ids.put(this.labels.get(i), i);
    }
    this.multiLabel = multiLabel;
  }

  /** The labels of a training split; multi-label when any example has other than one label. */
  public static LabelVocabulary fromTraining(List<TextExample> train) {
    List<String> all = new ArrayList<>();
    boolean multi = false;
    for (TextExample e : train) {
      if (e.labels().isEmpty()) {
        throw new BadInputException(e.source() + ": training example without a label");
      }
      multi |= e.labels().size() != 1;
      all.addAll(e.labels());
    }
    return of(all, multi);
  }

  /** The tags of a tagging training split. */
  public static LabelVocabulary fromTags(List<TaggedSentence> train) {
    List<String> all = new ArrayList<>();
    for (TaggedSentence s : train) {
      all.addAll(s.tags());
    }
    return of(all, false);
  }

  /** A vocabulary of the distinct {@code labels}, sorted. */
  public static LabelVocabulary of(Collection<String> labels, boolean multiLabel) {
    boolean numeric = !labels.isEmpty() && labels.stream().allMatch(l -> l.matches("-?\\d{1,18}"));
    Comparator<String> order =
        numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
    TreeSet<String> sorted = new TreeSet<>(order);
    sorted.addAll(labels);
    if (sorted.isEmpty()) {
      throw new BadInputException("the training split has no labels");
    }
    return new LabelVocabulary(new ArrayList<>(sorted), multiLabel);
  }

  /** The labels in id order. */
  public List<String> labels() {
    return labels;
  }

  public int size() {
    return labels.size();
  }

  /** Whether the training split had examples with several (or zero) labels. */
  public boolean multiLabel() {
    return multiLabel;
  }

  /** The id of {@code label}; unknown labels are an {@link IllegalArgumentException}. */
  public int id(String label) {
    Integer i = ids.get(label);
    if (i == null) {
      throw new IllegalArgumentException("unknown label '" + label + "'");
    }
    return i;
  }

  public String label(int id) {
    return labels.get(id);
  }

  /** A 0/1 vector over the vocabulary with 1 at each of {@code exampleLabels}. */
  public long[] multiHot(List<String> exampleLabels) {
    long[] v = new long[labels.size()];
    for (String l : exampleLabels) {
      v[id(l)] = 1;
    }
    return v;
  }

  /** Fails, listing them, when examples of {@code split} carry labels training never saw. */
  public void requireKnown(List<TextExample> examples, String split) {
    TreeSet<String> unseen = new TreeSet<>();
    String first = null;
    for (TextExample e : examples) {
      for (String l : e.labels()) {
        if (!ids.containsKey(l)) {
          unseen.add(l);
          first = first == null ? e.source() : first;
        }
      }
    }
    fail(unseen, first, split);
  }

  /** As {@link #requireKnown} for tagged sentences. */
  public void requireKnownTags(List<TaggedSentence> sentences, String split) {
    TreeSet<String> unseen = new TreeSet<>();
    String first = null;
    for (TaggedSentence s : sentences) {
      for (String t : s.tags()) {
        if (!ids.containsKey(t)) {
          unseen.add(t);
          first = first == null ? s.source() : first;
        }
      }
    }
    fail(unseen, first, split);
  }

  private void fail(TreeSet<String> unseen, String first, String split) {
    if (unseen.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>(unseen).subList(0, Math.min(20, unseen.size()));
    throw new BadInputException(
        "the "
            + split
            + " split has "
            + unseen.size()
            + " label(s) never seen in training: "
            + String.join(", ", shown)
            + (unseen.size() > shown.size() ? ", ..." : "")
            + " (first at "
            + first
            + "); the model cannot predict them: add them to the training data or drop those"
            + " examples");
  }
}
