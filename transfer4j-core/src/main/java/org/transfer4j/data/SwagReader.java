package org.transfer4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.BadInputException;

/**
 * Reads SWAG-style multiple-choice CSV files: columns {@code sent1}, {@code sent2}, {@code ending0
 * .. endingN-1} (contiguous) and optionally {@code label} (the right ending's index); other columns
 * ({@code video-id}, {@code fold-ind}, ...) are ignored. Every row must have every ending.
 *
 * <pre>{@code
 * List<MultipleChoiceExample> train = SwagReader.read(Path.of("train.csv"));
 * List<EncodedInput> choices = train.get(0).encode(pairEncoder);
 * }</pre>
 */
public final class SwagReader {
  private SwagReader() {}

  public static List<MultipleChoiceExample> read(Path file) throws IOException {
    ClassificationReader.requireFile(file);
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    List<MultipleChoiceExample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.builder().setReader(r).setFormat(format).get()) {
      Map<String, Integer> header = p.getHeaderMap();
      int sent1 = ClassificationReader.column(file, header, "sent1", "sent1");
      int sent2 = ClassificationReader.column(file, header, "sent2", "sent2");
      List<Integer> endings = new ArrayList<>();
      while (header.containsKey("ending" + endings.size())) {
        endings.add(header.get("ending" + endings.size()));
      }
      if (endings.size() < 2) {
        throw new BadInputException(
            file
                + ": needs columns ending0, ending1, ... (at least two endings); the columns found"
                + " are: "
                + String.join(", ", header.keySet()));
      }
      Integer label = header.get("label");
      Iterator<CSVRecord> it = p.iterator();
      int row = 0;
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) {
            break;
          }
          rec = it.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new BadInputException(
              file + ":" + (p.getCurrentLineNumber() + 1) + ": malformed CSV: " + e.getMessage(),
              e);
        }
        row++;
        String where = file + ":" + p.getCurrentLineNumber() + " (row " + row + ")";
        List<String> ends = new ArrayList<>(endings.size());
        for (int k = 0; k < endings.size(); k++) {
          int col = endings.get(k);
          String e = col < rec.size() ? rec.get(col) : "";
          if (e.isBlank()) {
            throw new BadInputException(
                where
                    + ": ending"
                    + k
                    + " is missing; every row needs all "
                    + endings.size()
                    + " endings");
          }
          ends.add(e);
        }
        String s1 = field(rec, sent1, "sent1", where);
        String s2 = sent2 < rec.size() ? rec.get(sent2) : "";
        int y = -1;
        if (label != null) {
          String l = label < rec.size() ? rec.get(label).strip() : "";
          try {
            y = Integer.parseInt(l);
          } catch (NumberFormatException e) {
            throw new BadInputException(
                where + ": label '" + l + "' is not an ending index 0.." + (endings.size() - 1));
          }
          if (y < 0 || y >= endings.size()) {
            throw new BadInputException(
                where + ": label " + y + " is not an ending index 0.." + (endings.size() - 1));
          }
        }
        out.add(new MultipleChoiceExample(s1, s2, ends, y, where));
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(file + ": no rows");
    }
    return out;
  }

  private static String field(CSVRecord rec, int col, String name, String where) {
    String v = col < rec.size() ? rec.get(col) : "";
    if (v.isBlank()) {
      throw new BadInputException(where + ": " + name + " is empty");
    }
    return v;
  }
}
