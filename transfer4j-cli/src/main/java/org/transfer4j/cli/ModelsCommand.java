package org.transfer4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.model.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code transfer4j models}: the built-in model names and where their caches are. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "List the built-in pretrained models that every --model accepts by name: size, licence,"
            + " source and cache folder ($TRANSFER4J_HOME/models, default"
            + " ~/.cache/transfer4j/models; converted on first use).")
final class ModelsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (BuiltinModels.Model m : BuiltinModels.all()) {
      long bytes = m.bytes();
      out.printf(Locale.ROOT, "%s%n", m.name());
      out.printf(Locale.ROOT, "  model:      %s%n", m.description());
      out.printf(
          Locale.ROOT,
          "  size:       %.1fM parameters, %s%n",
          m.parameters() / 1e6,
          bytes < 0 ? "not on the class path" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6));
      out.printf(Locale.ROOT, "  licence:    %s%n", m.license());
      out.printf(Locale.ROOT, "  credit:     %s%n", m.credit());
      out.printf(Locale.ROOT, "  source:     %s%n", m.source());
      out.printf(
          Locale.ROOT,
          "  cache:      %s (%s)%n",
          m.cacheFolder(),
          m.cached() ? "converted" : "not yet; converted on first use");
    }
    return 0;
  }
}
