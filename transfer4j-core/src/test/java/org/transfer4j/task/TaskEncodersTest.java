package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.EncodedInput;
import org.transfer4j.tokenize.Padding;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.Truncation;

class TaskEncodersTest {
  @TempDir Path dir;

  /**
   * A tokenizer.json with a fixed padding of 1024 (above BERT's 512 positions) and its own
   * truncation: finetune, evaluate and predict encoded the pad ids as text (the layout then cut to
   * --max-length), so every input was the text followed by [PAD]s under an attention mask of 1. The
   * task encoders now drop both, as every other command does, so no such file can take effect.
   */
  @Test
  void fixedPaddingAboveThePositionsOfTheTokenizerJsonWasEncodedAsText() throws Exception {
    Tokenizer base = Tokenizer.load(TaskFixtures.tokenizer(dir, List.of("good", "film", "bad")));
    Tokenizer padded =
        base.withPadding(Padding.fixed(1024, 0, "[PAD]"))
            .withTruncation(Truncation.longestFirst(3));
    padded.save(dir.resolve("padded"));
    Tokenizer loaded = Tokenizer.load(dir.resolve("padded"));
    assertThat(loaded.padding()).isNotNull(); // the file really asks for padding to 1024

    EncodedInput plain = TaskEncoders.of(base, 16).pairs().encode("good film good film", null);
    EncodedInput viaFile = TaskEncoders.of(loaded, 16).pairs().encode("good film good film", null);
    assertThat(viaFile.ids()).containsExactly(plain.ids()).hasSize(6); // [CLS] 4 words [SEP]
    assertThat(viaFile.ids()).doesNotContain(0); // no [PAD] among the tokens
    assertThat(TaskEncoders.of(loaded, 16).tokenizer().padding()).isNull();
  }
}
