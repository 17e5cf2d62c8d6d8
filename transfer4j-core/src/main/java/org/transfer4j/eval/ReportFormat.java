package org.transfer4j.eval;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders a {@link ClassificationReport} as scikit-learn renders {@code classification_report}: a
 * text table for the console, a JSON object shaped like its {@code output_dict=True} result (one
 * object per class with {@code precision}, {@code recall}, {@code f1-score}, {@code support}, then
 * {@code accuracy}, {@code macro avg}, {@code weighted avg}), and the same rows as CSV. Files are
 * written atomically.
 *
 * <pre>{@code
 * System.out.print(ReportFormat.text(report, 4));
 * ReportFormat.writeJson(report, dir.resolve("report.json"));
 * }</pre>
 */
public final class ReportFormat {
  static final String[] HEADERS = {"precision", "recall", "f1-score", "support"};

  private ReportFormat() {}

  /** The console table, {@code digits} decimals (scikit-learn's default is 2). */
  public static String text(ClassificationReport r, int digits) {
    boolean multi = r.kind() != ClassificationReport.Kind.SINGLE_LABEL;
    String accuracyName = r.kind().accuracyName();
    int width = Math.max("weighted avg".length(), digits);
    width = Math.max(width, accuracyName.length());
    for (ClassScores c : r.classes()) {
      width = Math.max(width, c.label().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(pad("", width)).append(' ');
    for (String h : HEADERS) {
      sb.append(String.format(Locale.ROOT, " %9s", h));
    }
    sb.append("\n\n");
    for (ClassScores c : r.classes()) {
      row(sb, c.label(), c.precision(), c.recall(), c.f1(), c.support(), width, digits);
    }
    sb.append('\n');
    if (multi) {
      Average m = r.micro();
      row(sb, "micro avg", m.precision(), m.recall(), m.f1(), m.support(), width, digits);
    } else {
      accuracyRow(sb, accuracyName, r.accuracy(), r.support(), width, digits);
    }
    Average a = r.macro();
    row(sb, "macro avg", a.precision(), a.recall(), a.f1(), a.support(), width, digits);
    a = r.weighted();
    row(sb, "weighted avg", a.precision(), a.recall(), a.f1(), a.support(), width, digits);
    if (multi) {
      // Subset and token accuracy count examples and tokens, not the support above.
      accuracyRow(sb, accuracyName, r.accuracy(), -1, width, digits);
    }
    return sb.toString();
  }

  /** The report as a JSON object ({@code output_dict} shape). */
  public static JsonObject json(ClassificationReport r) {
    JsonObject root = new JsonObject();
    for (ClassScores c : r.classes()) {
      root.add(c.label(), scores(c.precision(), c.recall(), c.f1(), c.support()));
    }
    if (r.kind() == ClassificationReport.Kind.SINGLE_LABEL) {
      root.addProperty("accuracy", r.accuracy());
    } else {
      root.add("micro avg", average(r.micro()));
    }
    root.add("macro avg", average(r.macro()));
    root.add("weighted avg", average(r.weighted()));
    if (r.kind() != ClassificationReport.Kind.SINGLE_LABEL) {
      root.addProperty(r.kind().accuracyName(), r.accuracy());
    }
    return root;
  }

  /** Pretty-printed JSON text. */
  public static String jsonText(JsonObject o) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
  }

  /**
   * The report as CSV: header {@code label,precision,recall,f1-score,support}, one row per class,
   * then the accuracy row (precision and recall empty) and the averages.
   */
  public static String csv(ClassificationReport r) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(
            out, CSVFormat.DEFAULT.builder().setHeader(prepend("label", HEADERS)).get())) {
      for (ClassScores c : r.classes()) {
        p.printRecord(c.label(), c.precision(), c.recall(), c.f1(), c.support());
      }
      boolean multi = r.kind() != ClassificationReport.Kind.SINGLE_LABEL;
      if (multi) {
        printAverage(p, "micro avg", r.micro());
      } else {
        p.printRecord("accuracy", "", "", r.accuracy(), r.support());
      }
      printAverage(p, "macro avg", r.macro());
      printAverage(p, "weighted avg", r.weighted());
      if (multi) {
        p.printRecord(r.kind().accuracyName(), "", "", r.accuracy(), "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void writeJson(ClassificationReport r, Path file) throws IOException {
    AtomicOutput.write(file, jsonText(json(r)));
  }

  public static void writeCsv(ClassificationReport r, Path file) throws IOException {
    AtomicOutput.write(file, csv(r));
  }

  /** Writes any text atomically (temp file, then rename). */
  public static void writeText(String text, Path file) throws IOException {
    AtomicOutput.write(file, text);
  }

  static JsonObject scores(double p, double r, double f, long support) {
    JsonObject o = new JsonObject();
    o.addProperty("precision", p);
    o.addProperty("recall", r);
    o.addProperty("f1-score", f);
    o.addProperty("support", support);
    return o;
  }

  private static JsonObject average(Average a) {
    return scores(a.precision(), a.recall(), a.f1(), a.support());
  }

  private static void printAverage(CSVPrinter p, String name, Average a) throws IOException {
    p.printRecord(name, a.precision(), a.recall(), a.f1(), a.support());
  }

  static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static void row(
      StringBuilder sb,
      String name,
      double p,
      double r,
      double f,
      long support,
      int width,
      int digits) {
    sb.append(pad(name, width)).append(' ');
    sb.append(' ').append(pad(fixed(p, digits), 9));
    sb.append(' ').append(pad(fixed(r, digits), 9));
    sb.append(' ').append(pad(fixed(f, digits), 9));
    sb.append(String.format(Locale.ROOT, " %9d\n", support));
  }

  private static void accuracyRow(
      StringBuilder sb, String name, double acc, long support, int width, int digits) {
    sb.append(pad(name, width)).append(' ');
    sb.append(String.format(Locale.ROOT, " %9s %9s", "", ""));
    sb.append(' ').append(pad(fixed(acc, digits), 9));
    sb.append(support < 0 ? "\n" : String.format(Locale.ROOT, " %9d\n", support));
  }

  /**
   * {@code v} with {@code digits} decimals, rounding the exact binary value half-to-even as C's
   * {@code printf} and Python's {@code format} do ({@code String.format} rounds half up, so 0.625
   * would print 0.63 where scikit-learn and conlleval print 0.62).
   */
  static String fixed(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
