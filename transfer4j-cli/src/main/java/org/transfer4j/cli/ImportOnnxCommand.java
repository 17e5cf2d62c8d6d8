package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j import onnx}: a BERT-family ONNX export to a Hugging Face folder. */
@Command(
    name = "onnx",
    mixinStandardHelpOptions = true,
    description =
        "Import a BERT-family encoder exported to ONNX (Hugging Face's exporters: PyTorch names"
            + " for embeddings, LayerNorm and biases, MatMul weights found by walking the graph)"
            + " into a folder with config.json, model.safetensors, tokenizer.json and vocab.txt.")
final class ImportOnnxCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "MODEL.onnx",
      description = "The export.")
  Path input;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE|DIR",
      description = "tokenizer.json or a tokenizer folder to copy into the output (optional).")
  Path tokenizer;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "config.json to use instead of inferring sizes, heads, activation and LayerNorm epsilon"
              + " from the graph; it must agree with the tensors.")
  Path config;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BertConfig c = OnnxImport.importFolder(input, tokenizer, config, output);
    out.printf(
        Locale.ROOT,
        "imported %s: BERT, %d layers, hidden %d, %d heads, intermediate %d, %s, vocabulary %,d,"
            + " %d positions, %s%n",
        input,
        c.numHiddenLayers(),
        c.hiddenSize(),
        c.numAttentionHeads(),
        c.intermediateSize(),
        c.hiddenAct(),
        c.vocabSize(),
        c.maxPositionEmbeddings(),
        c.meanPooling() ? "no pooler (classifiers pool by the masked mean)" : "with pooler");
    out.printf(
        Locale.ROOT,
        "wrote %s (config.json, model.safetensors%s)%n",
        output,
        tokenizer == null
            ? "; no --tokenizer, so no tokenizer files"
            : ", tokenizer.json, vocab.txt");
    return 0;
  }
}
