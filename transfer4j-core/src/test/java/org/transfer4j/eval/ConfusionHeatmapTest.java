package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionHeatmapTest {
  @Test
  void smallMatrixPngDecodesAndIsNotBlank(@TempDir Path dir) throws Exception {
    ConfusionMatrix cm =
        ConfusionMatrix.of(
            new int[] {0, 0, 1, 1, 2, 2, 2},
            new int[] {0, 1, 1, 1, 2, 0, 2},
            List.of("negative", "neutral", "positive"));
    Path png = dir.resolve("confusion.png");
    ConfusionHeatmap.write(cm, png, false);
    BufferedImage img = decode(png);
    assertThat(img.getWidth()).isBetween(400, 1200);
    assertThat(img.getHeight()).isBetween(400, 1200);
    assertThat(distinctColours(img)).isGreaterThan(20);
    assertThat(Files.list(dir).count()).as("no temporary file left").isEqualTo(1);
  }

  /** 77 classes with long names, like BANKING77: the image grows so that every class has room. */
  @Test
  void manyClassesGetALargerImage(@TempDir Path dir) throws Exception {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 77; i++) {
      String full = "intent_" + i + "_card_payment_wrong_exchange_rate";
      labels.add(full.substring(0, Math.min(full.length(), 10 + i % 30)));
    }
    Random rnd = new Random(3);
    int n = 3000;
    int[] gold = new int[n];
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) {
      gold[i] = rnd.nextInt(77);
      pred[i] = rnd.nextInt(10) < 8 ? gold[i] : rnd.nextInt(77);
    }
    ConfusionMatrix cm = ConfusionMatrix.of(gold, pred, labels);
    Path png = dir.resolve("confusion_normalized.png");
    ConfusionHeatmap.write(cm, png, true);
    BufferedImage img = decode(png);
    assertThat(img.getWidth()).isGreaterThanOrEqualTo(77 * 20);
    assertThat(img.getHeight()).isGreaterThanOrEqualTo(77 * 20);
    assertThat(distinctColours(img)).isGreaterThan(20);
  }

  static BufferedImage decode(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as("PNG decodes").isNotNull();
    return img;
  }

  /** A blank (single-colour) image has 1; a drawn heat map has text, gridlines and a gradient. */
  static int distinctColours(BufferedImage img) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        colours.add(img.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
