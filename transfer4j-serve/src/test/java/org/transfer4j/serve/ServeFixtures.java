package org.transfer4j.serve;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.task.TaskFixtures;
import org.transfer4j.task.TaskInfo;
import org.transfer4j.task.TaskKind;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteAlphabet;

/**
 * Tiny model folders written in milliseconds, in the layout {@code transfer4j finetune} and {@code
 * HfModels.save} write: a classifier, a multi-label classifier, a pair classifier, a tagger, a BERT
 * encoder and a byte-level GPT-2. Their weights are random: the server's answers are checked
 * against the core API run in-process on the same folder, not against labels.
 */
public final class ServeFixtures {
  private ServeFixtures() {}

  public static final List<String> TOPICS = List.of("food", "sports", "tech");
  public static final List<String> TAGS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

  /** Writes every folder under {@code root}; returns name -> folder. */
  public static Map<String, Path> write(Path root) throws IOException {
    Path tok = TaskFixtures.tokenizer(Files.createDirectories(root.resolve("tok")), words());
    Tokenizer tokenizer = Tokenizer.load(tok);
    BertConfig bert =
        BertConfig.of(2, 32).withMaxPositionEmbeddings(64).withVocabSize(tokenizer.vocabSize());
    ClassificationColumns single = ClassificationColumns.defaults();
    Map<String, Path> out = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager()) {
      out.put(
          "topic",
          task(root, "topic", bert, "BertForSequenceClassification", TOPICS, false, single, m));
      out.put(
          "multi",
          task(root, "multi", bert, "BertForSequenceClassification", TOPICS, true, single, m));
      out.put(
          "nli",
          task(
              root,
              "nli",
              bert,
              "BertForSequenceClassification",
              List.of("entailment", "neutral", "contradiction"),
              false,
              new ClassificationColumns("premise", "hypothesis", "label"),
              m));
      out.put("ner", task(root, "ner", bert, "BertForTokenClassification", TAGS, false, single, m));
      Path enc = Files.createDirectories(root.resolve("encoder"));
      HfModels.save(HfModels.create(bert, "BertModel", m), enc);
      out.put("encoder", enc);
      out.put("gpt", gpt2(root.resolve("gpt"), m));
    }
    for (Map.Entry<String, Path> e : out.entrySet()) {
      (e.getKey().equals("gpt") ? byteLevel() : tokenizer).save(e.getValue());
    }
    return out;
  }

  /** Every folder of {@link #write} as a model to serve, named by its key. */
  public static List<ModelSpec> specs(Map<String, Path> dirs) {
    return dirs.entrySet().stream()
        .map(e -> new ModelSpec(e.getKey(), e.getValue().toString()))
        .toList();
  }

  public static List<String> words() {
    return TaskFixtures.allWords();
  }

  private static Path task(
      Path root,
      String name,
      BertConfig bert,
      String architecture,
      List<String> labels,
      boolean multi,
      ClassificationColumns cols,
      NDManager m)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    BertConfig c = bert.withLabels(Labels.of(labels)).withArchitectures(List.of(architecture));
    HfModels.save(HfModels.create(c, architecture, m), dir);
    TaskKind kind = TaskKind.ofArchitecture(architecture);
    new TaskInfo(kind, multi, 0.5, 32, TagScheme.IOB2, cols, -1).write(dir);
    return dir;
  }

  /** A 1-layer GPT-2 over the 256 bytes plus end-of-text (id 256), no merges. */
  private static Path gpt2(Path dir, NDManager m) throws IOException {
    return gpt2(dir, Gpt2Config.of(257, 128, 16, 1, 2, 0f), m);
  }

  /** A GPT-2 of {@code config} over the 256 bytes plus end-of-text, no merges. */
  static Path gpt2(Path dir, Gpt2Config config, NDManager m) throws IOException {
    Files.createDirectories(dir);
    HfModels.save(HfModels.create(config, "GPT2LMHeadModel", m), dir);
    return dir;
  }

  static Tokenizer byteLevel() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (char c : ByteAlphabet.BYTE_TO_CHAR) {
      vocab.put(String.valueOf(c), vocab.size());
    }
    vocab.put("<|endoftext|>", vocab.size());
    return Tokenizer.byteLevelBpe(vocab, List.of(), false);
  }
}
