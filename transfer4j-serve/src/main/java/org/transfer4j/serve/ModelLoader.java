package org.transfer4j.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.task.TaskKind;
import org.transfer4j.task.TaskModel;

/**
 * Picks how to serve a folder from its {@code config.json}, as {@code from_pretrained} picks a
 * class: a fine-tuned sequence or token classification head is a classifier or tagger ({@link
 * TaskModelServer}), {@code model_type} gpt2 a generator ({@link GeneratorServer}), any other BERT
 * or DistilBERT folder (e.g. {@code all-MiniLM-L6-v2}) a sentence encoder ({@link EncoderServer}).
 *
 * <pre>{@code
 * ServedModel m = ModelLoader.load(ModelSpec.parse("ner=out/ner"), config, metrics);
 * }</pre>
 */
public final class ModelLoader {
  private ModelLoader() {}

  /** Loads one model; a folder no endpoint can serve is a {@link BadInputException}. */
  public static ServedModel load(ModelSpec spec, ServerConfig c, ServeMetrics metrics)
      throws IOException {
    Path dir = ModelFolders.resolve(spec.source());
    ConfigJson config = ConfigJson.read(dir);
    List<String> arch = config.architectures();
    TaskKind kind = arch.isEmpty() ? null : taskOf(arch.get(0));
    if (kind == TaskKind.CHOICE) {
      throw new BadInputException(
          "--model "
              + spec.source()
              + ": multiple-choice models are not served; serve a classifier, tagger, encoder or"
              + " GPT-2 folder");
    }
    if (kind != null) {
      return new TaskModelServer(spec.name(), TaskModel.load(dir, c.inference()), c, metrics);
    }
    String type = config.modelType();
    if ("gpt2".equals(type)) {
      return GeneratorServer.load(spec.name(), dir, c, metrics);
    }
    if ("bert".equals(type) || "distilbert".equals(type)) {
      return EncoderServer.load(spec.name(), spec.source(), c, metrics);
    }
    throw new BadInputException(
        "--model "
            + spec.source()
            + ": model_type '"
            + type
            + "' cannot be served; give a fine-tuned classifier or tagger, a BERT/DistilBERT"
            + " encoder or a GPT-2 folder");
  }

  private static TaskKind taskOf(String architecture) {
    try {
      return TaskKind.ofArchitecture(architecture);
    } catch (BadInputException e) {
      return null; // not a task head: an encoder or a language model
    }
  }
}
