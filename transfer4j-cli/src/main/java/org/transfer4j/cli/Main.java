package org.transfer4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.transfer4j.engine.Bootstrap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code transfer4j} command-line program: one picocli class per verb. {@link #run} is the
 * in-process entry point used by tests; {@link #main} only adds {@code System.exit}.
 */
@Command(
    name = "transfer4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Transfer learning for NLP on the JVM: tokenizers, BERT/DistilBERT/GPT-2, pretraining and fine-tuning.",
    subcommands = {
      QuickstartCommand.class,
      DoctorCommand.class,
      TokenizerCommand.class,
      VectorsCommand.class,
      InspectCommand.class,
      ForwardCommand.class,
      GenerateCommand.class,
      AttentionCommand.class,
      PretrainCommand.class,
      FinetuneCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      ScoreCommand.class,
      ModelsCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      EmbedCommand.class,
      SimilarityCommand.class,
      IndexCommand.class,
      KnnCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No verb: show the verbs.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    Bootstrap.configureLogging(hasFlag(args, "--verbose"));
    int code =
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    System.exit(code);
  }

  /** Runs the CLI in-process; returns the exit code (0 ok, 2 bad input or usage, 1 failure). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = newCommandLine(hasFlag(args, "--verbose"));
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands only Exceptions to the execution handler; an Error would end the JVM with a
      // stack trace. Whatever the verb held is unreachable now, so there is room to report.
      err.println("error: " + Errors.ExecutionHandler.describe(e));
      return Errors.BAD_INPUT;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine newCommandLine(boolean verbose) {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(new Errors.UsageHandler());
    cl.setExecutionExceptionHandler(new Errors.ExecutionHandler(verbose));
    return cl;
  }

  static boolean hasFlag(String[] args, String flag) {
    for (String a : args) {
      if (a.equals(flag)) {
        return true;
      }
      if (a.equals("--")) {
        return false;
      }
    }
    return false;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"transfer4j " + p.getProperty("version", "unknown")};
    }
  }
}
