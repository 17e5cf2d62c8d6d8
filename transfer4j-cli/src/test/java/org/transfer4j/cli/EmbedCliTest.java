package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.embed.EmbedFixtures;

class EmbedCliTest {
  @TempDir Path tmp;

  @Test
  void embedWritesNpyAndPrintsTheSummary() throws Exception {
    Path model = EmbedFixtures.bert(tmp.resolve("m"));
    Path in = tmp.resolve("in.csv");
    String long30 = EmbedFixtures.text(java.util.stream.IntStream.range(5, 35).toArray());
    Files.writeString(
        in, "id,text\n1,w5 w6\n2," + long30 + "\n3,\"w7, w8\"\n"); // 30 words > 20 positions
    Path out = tmp.resolve("v.npy");
    CliTest.Result r =
        CliTest.run(
            "embed",
            "--model",
            model.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--threads",
            "1",
            "--pooling",
            "cls",
            "--batch-size",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("embedded 3 texts")
        .contains("dim 32, cls pooling, normalised, 1 truncated to 20 tokens")
        .contains("texts/s");
    assertThat(r.err()).contains("Embed").contains("3/3"); // the progress bar
    assertThat(Files.size(out)).isEqualTo(128 + 3 * 32 * 4);
  }

  @Test
  void badInputsAreOneErrorLineAndExitTwo() throws Exception {
    Path model = EmbedFixtures.bert(tmp.resolve("m"));
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "id,sentence\n1,w5\n");
    Path empty = tmp.resolve("empty.txt");
    Files.writeString(empty, "");
    for (List<String> args :
        List.of(
            List.of("--input", in.toString()),
            List.of("--input", in.toString(), "--column", "sentence", "--pooling", "sum"),
            List.of("--input", empty.toString()),
            List.of("--input", in.toString(), "--column", "sentence", "--max-length", "99"))) {
      java.util.ArrayList<String> all =
          new java.util.ArrayList<>(
              List.of("embed", "--model", model.toString(), "--threads", "1"));
      all.addAll(args);
      all.addAll(List.of("--output", tmp.resolve("v.npy").toString()));
      CliTest.Result r = CliTest.run(all.toArray(String[]::new));
      assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(args.toString()).startsWith("error: ").doesNotContain("\tat ");
      assertThat(r.err().lines().filter(l -> l.startsWith("error")).count()).isEqualTo(1);
    }
    assertThat(tmp.resolve("v.npy")).doesNotExist();
  }

  @Test
  void similarityWritesTheMatrixAndTheHeatMap() throws Exception {
    Path model = EmbedFixtures.bert(tmp.resolve("m"));
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, "w5 w6 w7\nw8 w9\nw5 w6 w7\n");
    Path out = tmp.resolve("sim");
    CliTest.Result r =
        CliTest.run(
            "similarity",
            "--model",
            model.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("w5 w6 w7").contains("1.000").contains("heatmap.png");
    List<String> csv = Files.readAllLines(out.resolve("matrix.csv"));
    assertThat(csv).hasSize(4);
    assertThat(csv.get(0)).isEqualTo("\"\",w5 w6 w7,w8 w9,w5 w6 w7");
    assertThat(csv.get(1)).startsWith("w5 w6 w7,1.000000,").endsWith(",1.000000");
    assertThat(ImageIO.read(out.resolve("heatmap.png").toFile())).isNotNull();
  }
}
