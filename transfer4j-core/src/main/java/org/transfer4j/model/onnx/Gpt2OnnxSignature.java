package org.transfer4j.model.onnx;

import java.util.Set;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.model.gpt2.Gpt2Config;

/**
 * Checks that an ONNX model is a GPT-2 causal LM export with past keys and values matching a {@code
 * config.json} (what {@link Gpt2OnnxExporter} writes, and what Hugging Face's exporters write for
 * {@code text-generation-with-past}), so that a wrong or stale {@code model.onnx} is refused with
 * one clear message before decoding rather than failing inside ONNX Runtime.
 *
 * <pre>{@code
 * Gpt2OnnxSignature.check(session, Gpt2Config.read(dir)); // throws BadInputException
 * }</pre>
 */
final class Gpt2OnnxSignature {
  private static final String FIX =
      "; export it again from the model folder: transfer4j export onnx --model DIR --output DIR";

  private Gpt2OnnxSignature() {}

  static void check(OnnxSession s, Gpt2Config c) {
    String source = "ONNX model " + s.file();
    Set<String> in = s.inputNames();
    for (String name : new String[] {"input_ids", "attention_mask", "position_ids"}) {
      if (!in.contains(name)) {
        throw new BadInputException(
            source + " has no input '" + name + "' (its inputs: " + in + ")" + FIX);
      }
    }
    if (!s.outputNames().contains("logits")) {
      throw new BadInputException(
          source
              + " has no output 'logits' (its outputs: "
              + s.outputNames()
              + "): it is not a causal LM export"
              + FIX);
    }
    int layers = 0;
    while (in.contains("past_key_values." + layers + ".key")) {
      layers++;
    }
    if (layers == 0) {
      throw new BadInputException(
          source
              + " has no past_key_values inputs: it was exported without the key/value cache"
              + FIX);
    }
    if (layers != c.nLayer()) {
      throw new BadInputException(
          source
              + " has past_key_values for "
              + layers
              + " layers but config.json says n_layer = "
              + c.nLayer()
              + FIX);
    }
    for (int i = 0; i < layers; i++) {
      for (String kind : new String[] {"key", "value"}) {
        String past = "past_key_values." + i + "." + kind;
        expect(source, past, s.inputShape(past), 1, c.nHead(), "n_head");
        expect(source, past, s.inputShape(past), 3, c.headDim(), "n_embd / n_head");
        if (!s.outputNames().contains("present." + i + "." + kind)) {
          throw new BadInputException(
              source + " has no output 'present." + i + "." + kind + "'" + FIX);
        }
      }
    }
    expect(source, "logits", s.outputShape("logits"), 2, c.vocabSize(), "vocab_size");
    String digest = s.metadata(OnnxExport.CONFIG_KEY);
    if (digest != null && !digest.equals(OnnxExport.configDigest(c))) {
      throw new BadInputException(
          source + " was exported from another config than this folder's config.json" + FIX);
    }
  }

  /** A fixed dimension must equal the config's value; symbolic ones (-1) pass. */
  private static void expect(
      String source, String name, long[] shape, int axis, long want, String key) {
    if (shape == null || shape.length <= axis) {
      throw new BadInputException(
          source + ": '" + name + "' is not a tensor of rank " + (axis + 1) + " or more" + FIX);
    }
    if (shape[axis] >= 0 && shape[axis] != want) {
      throw new BadInputException(
          source
              + ": '"
              + name
              + "' has "
              + shape[axis]
              + " in dimension "
              + axis
              + " but config.json gives "
              + key
              + " = "
              + want
              + FIX);
    }
  }
}
