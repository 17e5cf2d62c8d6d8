package org.transfer4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;
import org.transfer4j.tokenize.Tokenizer;

class SentenceEmbedderTest {
  static final String MODEL = "all-MiniLM-L6-v2";
  static final List<String> TEXTS =
      Arrays.asList(
          "How old are you?",
          null,
          "What is your age?",
          "",
          SparkFixtures.longText("card", 2000),
          "My card still hasn't arrived after two weeks.");
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The single-process library's vectors of the non-null texts, in order. */
  static float[][] expected(EncoderOptions options) throws Exception {
    List<String> present = TEXTS.stream().filter(t -> t != null).toList();
    try (SentenceEncoder enc = SentenceEncoder.load(MODEL, options)) {
      return enc.encode(present);
    }
  }

  @Test
  void vectorsEqualTheLibrarysAndTheModelLoadsOncePerJvm() throws Exception {
    long before = SharedModels.loads();
    // 6 rows in 9 partitions: three are empty; one row is null, one empty, one 2000 words long.
    Dataset<Row> df = SparkFixtures.rows(spark, 9, TEXTS);
    SentenceEmbedder e = new SentenceEmbedder().setModel(MODEL).setBatchSize(2);
    List<Row> out = e.transform(df).orderBy("id").collectAsList();
    List<Row> again = e.transform(df).orderBy("id").collectAsList();
    // One load for 6 non-empty tasks over two jobs, in one executor JVM: shared, not per task.
    assertThat(SharedModels.loads() - before).isEqualTo(1);
    assertThat(again).isEqualTo(out);

    float[][] want = expected(EncoderOptions.defaults());
    int k = 0;
    for (int i = 0; i < TEXTS.size(); i++) {
      Row r = out.get(i);
      assertThat(r.getInt(0)).isEqualTo(i);
      assertThat(r.getString(1)).isEqualTo(TEXTS.get(i));
      if (TEXTS.get(i) == null) {
        assertThat(r.isNullAt(2)).isTrue();
        continue;
      }
      double[] got = ((Vector) r.get(2)).toArray();
      assertThat(got).hasSize(384);
      for (int d = 0; d < got.length; d++) {
        assertThat(got[d]).as("row %d dim %d", i, d).isCloseTo(want[k][d], within(1e-5));
      }
      k++;
    }
  }

  @Test
  void arrayVectorsWithClsPoolingUnnormalised() throws Exception {
    SentenceEmbedder e =
        new SentenceEmbedder()
            .setModel(MODEL)
            .setPooling("cls")
            .setNormalize(false)
            .setVectorType("array")
            .setOutputCol("v");
    List<Row> out = e.transform(SparkFixtures.rows(spark, 2, TEXTS)).orderBy("id").collectAsList();
    float[][] want =
        expected(EncoderOptions.defaults().withPooling(SentencePooling.CLS).withNormalize(false));
    assertThat(out.get(1).isNullAt(2)).isTrue();
    List<Float> got = out.get(0).getList(2);
    for (int d = 0; d < want[0].length; d++) {
      assertThat(got.get(d)).isCloseTo(want[0][d], within(1e-5f));
    }
  }

  @Test
  void pipelineOfTokenizerAndEmbedderSavesAndLoads(@TempDir Path dir) throws Exception {
    Pipeline p =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new WordPieceTokenizer().setModel(MODEL).setMaxLength(16),
                  new SentenceEmbedder()
                      .setModel(MODEL)
                      .setMaxLength(16)
                      .setPooling("max")
                      .setBatchSize(3)
                });
    Dataset<Row> df = SparkFixtures.rows(spark, 3, TEXTS);
    PipelineModel fitted = p.fit(df);
    String where = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(where);
    PipelineModel loaded = PipelineModel.load(where);

    assertThat(loaded.stages()).hasSize(2);
    SentenceEmbedder e = (SentenceEmbedder) loaded.stages()[1];
    assertThat(e.options()).isEqualTo(new EncoderOptions(SentencePooling.MAX, true, 3, 16));
    assertThat(((WordPieceTokenizer) loaded.stages()[0]).getMaxLength()).isEqualTo(16);
    List<Row> a = fitted.transform(df).orderBy("id").collectAsList();
    List<Row> b = loaded.transform(df).orderBy("id").collectAsList();
    assertThat(b).isEqualTo(a);
    // The long text is cut to 16 tokens, [CLS] and [SEP] included, as the tokenizer says.
    Row longRow = b.get(4);
    List<Integer> ids = longRow.getList(2);
    assertThat(ids)
        .containsExactlyElementsOf(
            Arrays.stream(
                    Tokenizer.load(org.transfer4j.model.ModelFolders.resolve(MODEL))
                        .withTruncation(org.transfer4j.tokenize.Truncation.longestFirst(16))
                        .encode(TEXTS.get(4))
                        .ids())
                .boxed()
                .toList());
    assertThat(new ArrayList<>(Arrays.asList(b.get(0).schema().fieldNames())))
        .containsExactly("id", "text", "ids", "tokens", "embedding");
  }
}
