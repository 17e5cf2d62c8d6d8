package org.transfer4j.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.JsonLines;
import org.transfer4j.data.MultipleChoiceExample;
import org.transfer4j.data.SwagReader;
import org.transfer4j.data.TextExample;
import org.transfer4j.io.ReplacingUtf8Reader;

/**
 * Predictions of a fine-tuned folder as JSON lines, one per input:
 *
 * <ul>
 *   <li>classify: input a CSV/TSV/JSONL/fastText file (the training columns; labels ignored), or
 *       lines of plain text or {@code {"text": .., "text_pair": ..}} objects; output {@code
 *       {"text": .., "label": .., "probabilities": {..}}} ({@code "labels"} when multi-label)
 *   <li>tag: one sentence per line, words separated by spaces; output {@code {"words": [..],
 *       "tags": [..]}}
 *   <li>choice: a SWAG CSV file, or lines of {@code {"sent1": .., "sent2": .., "endings": [..]}};
 *       output {@code {"choice": i, "probabilities": [..]}}
 * </ul>
 *
 * <pre>{@code
 * try (TaskModel m = TaskModel.load(dir)) {
 *   Predictor.predict(m, Path.of("in.txt"), null, out, 64);
 * }
 * }</pre>
 */
public final class Predictor {
  private Predictor() {}

  /**
   * Predicts every input of {@code file}, or of {@code lines} when {@code file} is null, and writes
   * one JSON object per line to {@code out}; returns the number of predictions.
   */
  public static int predict(
      TaskModel m, Path file, BufferedReader lines, PrintWriter out, int batchSize)
      throws IOException {
    PrintWriter err = new PrintWriter(System.err, true);
    return predict(m, file, lines, out, batchSize, err);
  }

  /**
   * As {@link #predict(TaskModel, Path, BufferedReader, PrintWriter, int)}, writing the warning
   * about invalid UTF-8 in {@code file} (replaced with U+FFFD, counted) on {@code err}.
   */
  public static int predict(
      TaskModel m, Path file, BufferedReader lines, PrintWriter out, int batchSize, PrintWriter err)
      throws IOException {
    String name = file == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    int chunk = batchSize * CHUNK_BATCHES;
    // Files read by a structured reader (CSV, SWAG) are not text lines; everything else is.
    switch (m.info().kind()) {
      case CLASSIFY -> {
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
          ClassificationColumns cols = m.info().columns();
          Chunks<TextExample> examples = new Chunks<>(chunk, c -> classify(m, c, out, batchSize));
          ClassificationReader.forEachCsv(
              file,
              name.endsWith(".tsv") ? '\t' : ',',
              new ClassificationColumns(cols.text(), cols.pair(), null),
              examples::add);
          return examples.finish();
        }
      }
      case CHOICE -> {
        if (name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".json")) {
          return choice(m, SwagReader.read(file), out);
        }
      }
      case TAG -> {}
    }
    try (LineSource source = LineSource.open(file, lines)) {
      int count =
          switch (m.info().kind()) {
            case CLASSIFY -> classifyLines(m, source, out, batchSize, chunk);
            case TAG -> tagLines(m, source, out, batchSize, chunk);
            case CHOICE -> choiceLines(m, source, out);
          };
      source.report(err);
      return count;
    }
  }

  /**
   * Text lines are read {@value #CHUNK_BATCHES} batches at a time, the span {@link
   * org.transfer4j.data.BucketBatcher#bucketed} sorts by length, and each chunk's predictions are
   * written before the next is read: memory is bounded by the chunk, not by the input (the README's
   * streaming rule), and the output keeps the input's order.
   */
  static final int CHUNK_BATCHES = 50;

  private static int classifyLines(
      TaskModel m, LineSource lines, PrintWriter out, int batchSize, int chunk) throws IOException {
    ClassificationColumns cols = m.info().columns();
    Chunks<TextExample> examples = new Chunks<>(chunk, c -> classify(m, c, out, batchSize));
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (!line.isBlank()) {
        examples.add(pairOrText(line, cols, lines.name(), lines.number()));
      }
    }
    return examples.finish();
  }

  private static int classify(
      TaskModel m, List<TextExample> examples, PrintWriter out, int batchSize) {
    float[][] outputs = m.outputs(ClassificationTask.encode(m, examples), batchSize);
    for (int i = 0; i < outputs.length; i++) {
      JsonObject o = new JsonObject();
      o.addProperty("text", examples.get(i).text());
      if (examples.get(i).pair() != null) {
        o.addProperty("text_pair", examples.get(i).pair());
      }
      ClassificationTask.prediction(outputs[i], m.labels(), m.info())
          .entrySet()
          .forEach(e -> o.add(e.getKey(), e.getValue()));
      out.println(o);
    }
    out.flush();
    return outputs.length;
  }

  /**
   * One input line: a JSON object keyed by the training columns or by {@code text}/{@code
   * text_pair}, or plain text; for a model trained on text pairs, plain text must hold exactly one
   * tab between the two texts, and a JSON object both texts: a line that cannot be split is an
   * error, never guessed as a single text.
   */
  static TextExample pairOrText(String line, ClassificationColumns cols, String source, int n) {
    String where = source + ":" + n;
    boolean pairModel = cols.pair() != null;
    String text;
    String pair = null;
    if (line.strip().startsWith("{")) {
      JsonObject o = JsonLines.object(line, where);
      String textKey = o.has(cols.text()) ? cols.text() : "text";
      String pairKey = pairModel && o.has(cols.pair()) ? cols.pair() : "text_pair";
      if (!o.has(textKey)) {
        throw new BadInputException(
            where + ": no \"" + cols.text() + "\" or \"text\" key; found " + o.keySet());
      }
      text = string(o, textKey, source, n);
      if (o.has(pairKey)) {
        pair = string(o, pairKey, source, n);
      }
      if (pairModel && pair == null) {
        throw new BadInputException(
            where
                + ": the model was trained on text pairs; give the second text as \""
                + cols.pair()
                + "\" or \"text_pair\"");
      }
    } else if (pairModel) {
      String[] parts = line.strip().split("\t", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new BadInputException(
            where
                + ": the model was trained on text pairs, but the line has "
                + (parts.length - 1)
                + " tabs; give TEXT<TAB>PAIR or {\"text\": ..., \"text_pair\": ...}");
      }
      text = parts[0];
      pair = parts[1];
    } else {
      text = line.strip();
    }
    return new TextExample(text, pair, List.of(), where);
  }

  private static int tagLines(
      TaskModel m, LineSource lines, PrintWriter out, int batchSize, int chunk) throws IOException {
    Chunks<List<String>> sentences = new Chunks<>(chunk, c -> tag(m, c, out, batchSize));
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (!line.isBlank()) {
        sentences.add(List.of(line.strip().split("\\s+")));
      }
    }
    return sentences.finish();
  }

  private static int tag(
      TaskModel m, List<List<String>> sentences, PrintWriter out, int batchSize) {
    List<EncodedExample> encoded = TaggingTask.encode(m, sentences);
    float[][] outputs = m.outputs(encoded, batchSize);
    for (int i = 0; i < outputs.length; i++) {
      out.println(TaggingTask.prediction(sentences.get(i), encoded.get(i), outputs[i], m.labels()));
    }
    out.flush();
    return outputs.length;
  }

  private static int choiceLines(TaskModel m, LineSource lines, PrintWriter out)
      throws IOException {
    int count = 0;
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (line.isBlank()) {
        continue;
      }
      // The same keys and checks as a .jsonl file (SwagReader); each line is predicted alone.
      String where = lines.name() + ":" + lines.number();
      count += choice(m, List.of(SwagReader.example(JsonLines.object(line, where), where)), out);
    }
    return count;
  }

  private static int choice(TaskModel m, List<MultipleChoiceExample> examples, PrintWriter out) {
    // Examples with different numbers of endings cannot share a batch.
    for (MultipleChoiceExample e : examples) {
      float[][] o = m.outputs(ChoiceTask.encode(m, List.of(e)), 1);
      out.println(ChoiceTask.prediction(o[0]));
    }
    out.flush();
    return examples.size();
  }

  /**
   * Collects inputs and hands each full chunk, then the rest, to {@code predict} (which writes its
   * predictions and returns their count), so that only one chunk is held at a time.
   */
  private static final class Chunks<T> {
    private final List<T> items;
    private final int size;
    private final ToIntFunction<List<T>> predict;
    private int count;

    Chunks(int size, ToIntFunction<List<T>> predict) {
      this.items = new ArrayList<>(size);
      this.size = size;
      this.predict = predict;
    }

    void add(T item) {
      items.add(item);
      if (items.size() == size) {
        count += predict.applyAsInt(items);
        items.clear();
      }
    }

    /** Predicts what is left; the total count. */
    int finish() {
      count += predict.applyAsInt(items);
      items.clear();
      return count;
    }
  }

  /** Numbered input lines from a file (UTF-8, malformed bytes replaced and counted) or a reader. */
  private static final class LineSource implements Closeable {
    private final BufferedReader in;
    private final ReplacingUtf8Reader utf8; // null for a reader given by the caller
    private final String name;
    private int number;

    private LineSource(BufferedReader in, ReplacingUtf8Reader utf8, String name) {
      this.in = in;
      this.utf8 = utf8;
      this.name = name;
    }

    static LineSource open(Path file, BufferedReader in) throws IOException {
      if (file == null) {
        return new LineSource(in, null, "stdin");
      }
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(file + ": no such file");
      }
      // Text to predict on is decoded like text to tokenize: malformed bytes become U+FFFD (the
      // README's UTF-8 policy), counted and reported rather than silent.
      ReplacingUtf8Reader utf8 = new ReplacingUtf8Reader(Files.newInputStream(file));
      return new LineSource(new BufferedReader(utf8, 1 << 16), utf8, file.toString());
    }

    /** The next line, or null at the end. */
    String next() throws IOException {
      String line = in.readLine();
      if (line != null) {
        number++;
      }
      return line;
    }

    /** 1-based number of the line last returned. */
    int number() {
      return number;
    }

    String name() {
      return name;
    }

    /** Writes the count of replaced malformed bytes, if any, on {@code err}. */
    void report(PrintWriter err) {
      String w = utf8 == null ? null : utf8.warning(name);
      if (w != null) {
        err.println(w);
        err.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (utf8 != null) {
        in.close();
      }
    }
  }

  private static String string(JsonObject o, String key, String source, int n) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive()) {
      throw new BadInputException(source + ":" + n + ": $." + key + " is missing or not a string");
    }
    return e.getAsString();
  }
}
