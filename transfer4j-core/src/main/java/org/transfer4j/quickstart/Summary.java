package org.transfer4j.quickstart;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transfer4j.task.FinetuneResult;

/** {@code summary.json} and {@code summary.md} of a quickstart run, and the console table. */
final class Summary {
  private static final List<String> METRICS = List.of("accuracy", "weighted_f1", "macro_f1");

  private Summary() {}

  /** The side-by-side score table printed at the end. */
  static String table(QuickstartResult r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "test scores on %s (%,d test texts, %d labels, %,d labelled training texts):%n",
            r.data().name(),
            r.data().sizes()[2],
            r.data().labels(),
            r.data().sizes()[0]));
    b.append(String.format(Locale.ROOT, "%-22s %9s %12s%n", "", "accuracy", "weighted F1"));
    if (r.builtin() != null) {
      row(b, r.builtinModel(), r.builtinTest());
    }
    row(b, "pretrained + finetuned", r.pretrainedTest());
    row(b, "from scratch", r.scratchTest());
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %+9.4f %+12.4f%n",
            "own pretraining gain",
            get(r.pretrainedTest(), "accuracy") - get(r.scratchTest(), "accuracy"),
            get(r.pretrainedTest(), "weighted_f1") - get(r.scratchTest(), "weighted_f1")));
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Map<String, Double> m) {
    b.append(
        String.format(
            Locale.ROOT, "%-22s %9.4f %12.4f%n", name, get(m, "accuracy"), get(m, "weighted_f1")));
  }

  private static double get(Map<String, Double> m, String k) {
    Double v = m.get(k);
    return v == null ? Double.NaN : v;
  }

  static void write(QuickstartResult r, QuickstartConfig c) throws IOException {
    JsonObject j = new JsonObject();
    JsonObject data = new JsonObject();
    data.addProperty("name", r.data().name());
    data.addProperty("description", r.data().description());
    data.addProperty("corpus_lines", r.data().corpusLines());
    data.addProperty("train", r.data().sizes()[0]);
    data.addProperty("validation", r.data().sizes()[1]);
    data.addProperty("test", r.data().sizes()[2]);
    data.addProperty("labels", r.data().labels());
    j.add("data", data);
    JsonObject setup = new JsonObject();
    setup.addProperty("model", r.model());
    setup.addProperty("max_length", c.maxLength());
    setup.addProperty("vocab_size", r.vocabSize());
    setup.addProperty("minutes", c.minutes());
    setup.addProperty("seed", c.seed());
    setup.addProperty("pretrain_batch_size", Quickstart.PRETRAIN_BATCH);
    setup.addProperty("mlm_probability", Quickstart.MASK_PROBABILITY);
    setup.addProperty("finetune_batch_size", Quickstart.BATCH);
    setup.addProperty("classifier_pooling", Quickstart.POOLING);
    setup.addProperty("threads", Runtime.getRuntime().availableProcessors());
    j.add("setup", setup);
    JsonObject pre = new JsonObject();
    pre.addProperty("steps", r.pretraining().steps());
    pre.addProperty("seconds", r.pretrainSeconds());
    JsonObject pm = new JsonObject();
    r.pretraining().finalMetrics().forEach(pm::addProperty);
    pre.add("final_metrics", pm);
    j.add("pretraining", pre);
    j.add("finetuned", run(r.pretrained(), r.pretrainedSeconds(), r.epochs()));
    j.add("scratch", run(r.scratch(), r.scratchSeconds(), r.epochs()));
    if (r.builtin() != null) {
      JsonObject b = run(r.builtin(), r.builtinSeconds(), r.builtinEpochs());
      b.addProperty("model", r.builtinModel());
      j.add("builtin", b);
    }
    JsonObject diff = new JsonObject();
    for (String k : METRICS) {
      diff.addProperty(k, get(r.pretrainedTest(), k) - get(r.scratchTest(), k));
    }
    j.add("difference", diff);
    j.addProperty("total_seconds", r.totalSeconds());
    JsonArray folders = new JsonArray();
    List.of("data", "tokenizer", "pretrained", "finetuned", "scratch").forEach(folders::add);
    if (r.builtin() != null) {
      folders.add("builtin");
    }
    j.add("folders", folders);
    atomic(
        r.output().resolve("summary.json"),
        new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .create()
                .toJson(j)
            + "\n");
    atomic(r.output().resolve("summary.md"), markdown(r, c));
  }

  private static JsonObject run(FinetuneResult f, double seconds, int epochs) {
    JsonObject o = new JsonObject();
    o.addProperty("epochs", epochs);
    o.addProperty("steps", f.training().steps());
    o.addProperty("seconds", seconds);
    JsonObject t = new JsonObject();
    f.testMetrics().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> t.addProperty(e.getKey(), e.getValue()));
    o.add("test", t);
    JsonObject v = new JsonObject();
    f.validationMetrics().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> v.addProperty(e.getKey(), e.getValue()));
    o.add("validation", v);
    return o;
  }

  private static String markdown(QuickstartResult r, QuickstartConfig c) {
    StringBuilder b = new StringBuilder();
    b.append("# transfer4j quickstart\n\n");
    b.append("Data: ").append(r.data().description()).append(".\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Unlabeled corpus: %,d lines. Labelled: %,d train, %,d validation, %,d test, %d"
                + " labels.%n%n",
            r.data().corpusLines(),
            r.data().sizes()[0],
            r.data().sizes()[1],
            r.data().sizes()[2],
            r.data().labels()));
    b.append(
        String.format(
            Locale.ROOT,
            "Model: BERT `%s`, %d tokens per input, WordPiece vocabulary %,d. Pretraining: %,d"
                + " steps of %d in %.0f s (masked LM accuracy %.3f). Fine-tuning: %d epochs each,"
                + " learning rate and steps identical, batches of %d, classifier pooling `%s`.%n%n",
            r.model(),
            c.maxLength(),
            r.vocabSize(),
            r.pretraining().steps(),
            Quickstart.PRETRAIN_BATCH,
            r.pretrainSeconds(),
            get(r.pretraining().finalMetrics(), "mlm_accuracy"),
            r.epochs(),
            Quickstart.BATCH,
            Quickstart.POOLING));
    b.append("| test | accuracy | weighted F1 | macro F1 |\n|---|---:|---:|---:|\n");
    if (r.builtin() != null) {
      mdRow(
          b,
          String.format(
              Locale.ROOT,
              "built-in `%s` + fine-tuned, %d epochs (`builtin/`)",
              r.builtinModel(),
              r.builtinEpochs()),
          r.builtinTest());
    }
    mdRow(b, "pretrained + fine-tuned (`finetuned/`)", r.pretrainedTest());
    mdRow(b, "from scratch (`scratch/`)", r.scratchTest());
    b.append(
        String.format(
            Locale.ROOT,
            "| own pretraining gain | %+.4f | %+.4f | %+.4f |%n%n",
            get(r.pretrainedTest(), "accuracy") - get(r.scratchTest(), "accuracy"),
            get(r.pretrainedTest(), "weighted_f1") - get(r.scratchTest(), "weighted_f1"),
            get(r.pretrainedTest(), "macro_f1") - get(r.scratchTest(), "macro_f1")));
    b.append(
        "Folders: `data/` (corpus and splits), `tokenizer/`, `pretrained/` (Hugging Face folder,"
            + " logs, plots), `finetuned/`, `scratch/` and `builtin/` (classifier folders with"
            + " reports and plots).\n");
    b.append(String.format(Locale.ROOT, "%nTotal time: %.0f s.%n", r.totalSeconds()));
    return b.toString();
  }

  private static void mdRow(StringBuilder b, String name, Map<String, Double> m) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %.4f | %.4f | %.4f |%n",
            name,
            get(m, "accuracy"),
            get(m, "weighted_f1"),
            get(m, "macro_f1")));
  }

  private static void atomic(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
