package org.transfer4j.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.EarlyStopping;
import org.transfer4j.train.TrainerConfig;

/**
 * Generated fine-tuning data sets with known rules, a word-level WordPiece tokenizer over their
 * words, and a tiny BERT, so end-to-end tests run in seconds and must learn the rule.
 */
public final class TaskFixtures {
  private TaskFixtures() {}

  static final List<String> FILLER =
      List.of(
          "the", "a", "today", "we", "saw", "really", "very", "with", "and", "then", "some",
          "people", "said", "it", "was", "quite", "nice", "in", "on", "at");
  static final Map<String, List<String>> TOPICS = new LinkedHashMap<>();

  static {
    TOPICS.put("sports", List.of("ball", "goal", "team", "match", "score"));
    TOPICS.put("food", List.of("pizza", "bread", "soup", "salad", "cheese"));
    TOPICS.put("tech", List.of("code", "laptop", "robot", "server", "phone"));
  }

  static final List<String> PEOPLE = List.of("john", "mary", "alice", "bob", "carol", "dave");
  static final List<String[]> PLACES =
      List.of(
          new String[] {"paris"},
          new String[] {"london"},
          new String[] {"new", "york"},
          new String[] {"san", "diego"},
          new String[] {"berlin"});
  static final List<String> FRUITS =
      List.of("apple", "banana", "cherry", "grape", "lemon", "mango");

  /** A WordPiece tokenizer whose vocabulary is the specials plus {@code words}. */
  static Path tokenizer(Path dir, Collection<String> words) throws IOException {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
      vocab.put(s, vocab.size());
    }
    for (String w : new TreeSet<>(words)) {
      vocab.putIfAbsent(w, vocab.size());
    }
    Tokenizer.bertWordPiece(vocab, BertOptions.uncased()).save(dir);
    return dir;
  }

  /** Every word the generators use. */
  static List<String> allWords() {
    List<String> w = new ArrayList<>(FILLER);
    TOPICS.values().forEach(w::addAll);
    w.addAll(PEOPLE);
    PLACES.forEach(p -> w.addAll(List.of(p)));
    w.addAll(FRUITS);
    w.addAll(List.of("likes", "she", "eats", "he", "wants", "to", "visit", "lives"));
    return w;
  }

  /** L2/H64 BERT with 64 positions: trains from scratch in seconds. */
  static BertConfig tinyBert() {
    return BertConfig.of(2, 64).withMaxPositionEmbeddings(64);
  }

  static TrainerConfig.Builder trainer(Path out, int epochs, double lr, String metric) {
    return TrainerConfig.builder(out)
        .epochs(epochs)
        .batchSize(16)
        .lr(lr)
        .logEvery(10)
        .seed(7)
        .metric(metric, metric.equals("loss") ? EarlyStopping.Mode.MIN : EarlyStopping.Mode.MAX)
        .plots(true);
  }

  /** CSV {@code text,label}: filler words plus one keyword of the label's topic. */
  static Path classification(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    List<String> topics = new ArrayList<>(TOPICS.keySet());
    StringBuilder b = new StringBuilder("text,label\n");
    for (int i = 0; i < n; i++) {
      String topic = topics.get(r.nextInt(topics.size()));
      List<String> words = filler(r, 3 + r.nextInt(4));
      List<String> keys = TOPICS.get(topic);
      words.add(r.nextInt(words.size() + 1), keys.get(r.nextInt(keys.size())));
      b.append(String.join(" ", words)).append(',').append(topic).append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /** CoNLL {@code word POS tag} in IOB2: people are PER, places LOC, the rest O. */
  static Path conll(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder("-DOCSTART- -X- O\n\n");
    for (int i = 0; i < n; i++) {
      List<String[]> rows = new ArrayList<>();
      for (String w : filler(r, 2 + r.nextInt(3))) {
        rows.add(new String[] {w, "O"});
      }
      if (r.nextBoolean()) {
        rows.add(r.nextInt(rows.size() + 1), new String[] {pick(r, PEOPLE), "B-PER"});
      }
      String[] place = PLACES.get(r.nextInt(PLACES.size()));
      int at = r.nextInt(rows.size() + 1);
      for (int k = 0; k < place.length; k++) {
        rows.add(at + k, new String[] {place[k], k == 0 ? "B-LOC" : "I-LOC"});
      }
      for (String[] row : rows) {
        b.append(row[0]).append(" NN ").append(row[1]).append('\n');
      }
      b.append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /** SWAG CSV: the right ending names the fruit {@code sent1} mentions; the others other fruits. */
  static Path swag(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder b =
        new StringBuilder("video-id,sent1,sent2,ending0,ending1,ending2,ending3,label\n");
    for (int i = 0; i < n; i++) {
      List<String> fruits = new ArrayList<>(FRUITS);
      java.util.Collections.shuffle(fruits, r);
      List<String> endings = fruits.subList(0, 4);
      int label = r.nextInt(4);
      String person = pick(r, PEOPLE);
      b.append("v")
          .append(i)
          .append(',')
          .append(person)
          .append(" likes ")
          .append(endings.get(label))
          .append(',')
          .append(person)
          .append(" eats,");
      for (String e : endings) {
        b.append("the ").append(e).append(',');
      }
      b.append(label).append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> filler(Random r, int n) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      w.add(pick(r, FILLER));
    }
    return w;
  }

  private static String pick(Random r, List<String> l) {
    return l.get(r.nextInt(l.size()));
  }
}
