package org.transfer4j.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.transfer4j.BadInputException;
import org.transfer4j.nn.Parameter;

/**
 * Copies checkpoint tensors into a model by Hugging Face name, the way {@code from_pretrained}
 * does: names may carry the base-model prefix or not ({@code bert.embeddings...} and {@code
 * embeddings...} both fill a {@code BertForMaskedLM}), tied weights load from whichever name the
 * checkpoint has, buffers are ignored, and the result lists loaded, missing, unexpected and
 * mismatched tensors. Missing parameters keep their fresh initialisation.
 *
 * <pre>{@code
 * LoadReport report = WeightLoader.load(model, source, LoadOptions.DEFAULTS);
 * if (!report.isComplete()) System.err.println(report.summary());
 * }</pre>
 */
public final class WeightLoader {
  private WeightLoader() {}

  public static LoadReport load(PretrainedModel model, TensorSource source, LoadOptions options) {
    Map<String, StateDict.Slot> slots = StateDict.slots(model);
    String prefix = model.baseModelPrefix().isEmpty() ? "" : model.baseModelPrefix() + ".";
    List<Pattern> ignoredPatterns = model.ignoredOnLoad();

    // Resolve each checkpoint name to a model name.
    Map<String, String> resolved = new LinkedHashMap<>(); // model name -> checkpoint name
    List<String> unexpected = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String name : source.names()) {
      String target = resolve(name, prefix, slots);
      if (target == null) {
        if (matchesAny(name, ignoredPatterns)) {
          ignored.add(name);
        } else {
          unexpected.add(name);
        }
      } else if (resolved.containsKey(target)) {
        unexpected.add(name); // both "x" and "bert.x": the first wins, as a duplicate is unused
      } else {
        resolved.put(target, name);
      }
    }

    // Group by parameter: which parts come from which checkpoint name.
    Map<Parameter, String[]> partsByParam = new IdentityHashMap<>();
    List<LoadReport.Mismatch> mismatched = new ArrayList<>();
    for (StateDict.Slot slot : slots.values()) {
      String ckpt = resolved.get(slot.name());
      if (ckpt == null) {
        continue;
      }
      Shape have = source.shape(ckpt);
      Shape want = slot.shape();
      if (!have.equals(want)) {
        if (!options.ignoreMismatchedSizes() || !isTaskHead(slot.name())) {
          throw new BadInputException(
              source.description()
                  + ": tensor '"
                  + ckpt
                  + "' has shape "
                  + have
                  + " but "
                  + model.architecture()
                  + " built from its config.json expects "
                  + want
                  + (options.ignoreMismatchedSizes()
                      ? "; only a task head ("
                          + String.join("*, ", HEAD_PREFIXES)
                          + "*) is re-initialised when its size differs: use the checkpoint's"
                          + " own config.json and tokenizer"
                      : "; make config.json match the checkpoint (vocab_size, hidden_size, ...) or"
                          + " load with ignoreMismatchedSizes to re-initialise it"));
        }
        mismatched.add(new LoadReport.Mismatch(ckpt, dims(have), dims(want)));
        continue;
      }
      if (!source.dtype(ckpt).isFloating()) {
        throw new BadInputException(
            source.description()
                + ": tensor '"
                + ckpt
                + "' is "
                + source.dtype(ckpt)
                + " but the weight it fills holds floats; the checkpoint is damaged or not a"
                + " model (weights are F32, F16, BF16 or F64)");
      }
      String[] parts =
          partsByParam.computeIfAbsent(slot.parameter(), p -> new String[slot.parts()]);
      // Slots come canonical name first, so an alias only fills a part the canonical name left.
      if (parts[slot.part()] == null) {
        parts[slot.part()] = ckpt;
      }
    }

    // Copy.
    List<String> loaded = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    NDManager base = model.manager();
    for (Map.Entry<Parameter, String[]> e : partsByParam.entrySet()) {
      Parameter p = e.getKey();
      String[] names = e.getValue();
      try (NDManager tmp = base.newSubManager()) {
        if (names.length == 1) {
          p.copyFrom(source.load(names[0], tmp));
        } else {
          NDList pieces = new NDList();
          boolean all = true;
          for (String n : names) {
            all &= n != null;
          }
          if (all) {
            for (String n : names) {
              pieces.add(source.load(n, tmp));
            }
            p.copyFrom(NDArrays.concat(pieces, 0));
          } else {
            float[] cur = p.value().toFloatArray();
            int n = cur.length / names.length;
            for (int i = 0; i < names.length; i++) {
              if (names[i] != null) {
                System.arraycopy(source.load(names[i], tmp).toFloatArray(), 0, cur, i * n, n);
              }
            }
            p.copyFrom(tmp.create(cur, p.shape()));
          }
        }
      }
      for (String n : names) {
        if (n != null) {
          used.add(n);
        }
      }
    }
    // Aliases that duplicate a loaded canonical tensor were used too (they hold the same values).
    for (Map.Entry<String, String> r : resolved.entrySet()) {
      StateDict.Slot slot = slots.get(r.getKey());
      String[] parts = partsByParam.get(slot.parameter());
      if (parts != null && parts[slot.part()] != null) {
        used.add(r.getValue());
      }
    }
    for (String name : source.names()) {
      if (used.contains(name)) {
        loaded.add(name);
      }
    }

    // Missing: canonical names whose part did not load.
    List<String> missing = new ArrayList<>();
    for (StateDict.Slot slot : slots.values()) {
      if (!slot.canonical()) {
        continue;
      }
      String[] parts = partsByParam.get(slot.parameter());
      boolean mismatch = false;
      for (LoadReport.Mismatch m : mismatched) {
        String t = resolve(m.name(), prefix, slots);
        mismatch |= slot.name().equals(t);
      }
      if ((parts == null || parts[slot.part()] == null) && !mismatch) {
        missing.add(slot.name());
      }
    }
    return new LoadReport(
        source.description(),
        model.architecture(),
        loaded,
        missing,
        unexpected,
        mismatched,
        ignored);
  }

  /**
   * The output layers a fine-tuning task replaces (Hugging Face's heads for classification, token
   * classification, multiple choice, question answering): the only tensors whose shape may differ
   * from the checkpoint's under {@code ignoreMismatchedSizes}. Any other difference (embeddings of
   * another vocabulary, another hidden size) means the wrong checkpoint, and loading it silently
   * half-random would train a broken model.
   */
  static final List<String> HEAD_PREFIXES = List.of("classifier.", "qa_outputs.", "score.");

  static boolean isTaskHead(String name) {
    for (String p : HEAD_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The model name a checkpoint name fills, or null. */
  static String resolve(String name, String prefix, Map<String, StateDict.Slot> slots) {
    if (slots.containsKey(name)) {
      return name;
    }
    if (!prefix.isEmpty()) {
      if (slots.containsKey(prefix + name)) {
        return prefix + name; // base-model checkpoint into a model with a head
      }
      if (name.startsWith(prefix) && slots.containsKey(name.substring(prefix.length()))) {
        return name.substring(prefix.length()); // head-model checkpoint into the base model
      }
    }
    return null;
  }

  private static boolean matchesAny(String name, List<Pattern> patterns) {
    for (Pattern p : patterns) {
      if (p.matcher(name).find()) {
        return true;
      }
    }
    return false;
  }

  private static List<Long> dims(Shape s) {
    List<Long> l = new ArrayList<>();
    for (long d : s.getShape()) {
      l.add(d);
    }
    return l;
  }
}
