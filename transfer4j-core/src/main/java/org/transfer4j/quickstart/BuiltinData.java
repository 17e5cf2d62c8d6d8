package org.transfer4j.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small data set the project writes itself, for machines without WordNet: six topics (animals,
 * food, vehicles, weather, music, clothing) of 24 words each. The unlabeled corpus is two-sentence
 * documents about one topic, built from topic templates ("the farmer fed the {w} and the {v}"), so
 * a word's topic can be learned from the words it co-occurs with. The labelled texts put one word
 * in a topic-neutral template ("tell me something about the {w}") and the label is the word's
 * topic. The training split uses 6 words per topic, validation 6 others and test the remaining 12:
 * a model can only label the test words through what it knows about them beyond the labelled data -
 * which is what pretraining on the corpus gives (Devlin et al., 2019: masked-LM learns word meaning
 * from context), and a model trained from scratch cannot.
 *
 * <pre>{@code
 * QuickstartData d = new BuiltinData(20_000).write(Path.of("out/data"), 42);
 * }</pre>
 *
 * @param documents corpus lines to generate
 */
public record BuiltinData(int documents) implements DataSource {
  /** Topic names (the labels), in order. */
  public static final List<String> TOPICS =
      List.of("animal", "food", "vehicle", "weather", "music", "clothing");

  private static final List<List<String>> WORDS =
      List.of(
          List.of(
              "dog",
              "cat",
              "horse",
              "cow",
              "sheep",
              "goat",
              "pig",
              "rabbit",
              "fox",
              "wolf",
              "bear",
              "deer",
              "mouse",
              "lion",
              "tiger",
              "zebra",
              "camel",
              "donkey",
              "otter",
              "badger",
              "beaver",
              "moose",
              "squirrel",
              "hamster"),
          List.of(
              "bread", "cheese", "apple", "banana", "rice", "pasta", "soup", "salad", "butter",
              "honey", "cake", "pie", "cookie", "pizza", "carrot", "potato", "onion", "tomato",
              "orange", "grape", "lemon", "melon", "peach", "yogurt"),
          List.of(
              "car",
              "bus",
              "truck",
              "train",
              "bicycle",
              "scooter",
              "tram",
              "taxi",
              "van",
              "tractor",
              "motorcycle",
              "ferry",
              "boat",
              "yacht",
              "canoe",
              "jeep",
              "wagon",
              "sled",
              "subway",
              "trolley",
              "limousine",
              "minivan",
              "ambulance",
              "airplane"),
          List.of(
              "rain",
              "snow",
              "fog",
              "hail",
              "wind",
              "storm",
              "thunder",
              "drizzle",
              "sleet",
              "frost",
              "breeze",
              "blizzard",
              "hurricane",
              "tornado",
              "sunshine",
              "cloud",
              "mist",
              "gale",
              "monsoon",
              "lightning",
              "heatwave",
              "drought",
              "flood",
              "dew"),
          List.of(
              "guitar",
              "piano",
              "violin",
              "drum",
              "flute",
              "trumpet",
              "cello",
              "harp",
              "banjo",
              "organ",
              "clarinet",
              "saxophone",
              "trombone",
              "tuba",
              "oboe",
              "ukulele",
              "harmonica",
              "accordion",
              "bagpipe",
              "xylophone",
              "mandolin",
              "bass",
              "tambourine",
              "piccolo"),
          List.of(
              "shirt",
              "jacket",
              "coat",
              "scarf",
              "hat",
              "glove",
              "sock",
              "shoe",
              "boot",
              "dress",
              "skirt",
              "sweater",
              "hoodie",
              "vest",
              "tie",
              "belt",
              "blouse",
              "jeans",
              "shorts",
              "sandal",
              "cap",
              "mitten",
              "apron",
              "cardigan"));

  private static final List<List<String>> CONTEXTS =
      List.of(
          List.of(
              "the {w} slept in the barn",
              "a wild {w} ran into the forest",
              "the farmer fed the {w} and the {v}",
              "we saw a {w} at the zoo",
              "the {w} has four legs and soft fur",
              "a young {w} drank from the river",
              "the hungry {w} chased the {v}",
              "my {w} likes to sleep in the sun"),
          List.of(
              "she ate the {w} for lunch",
              "we bought fresh {w} at the market",
              "the {w} tastes sweet and ripe",
              "he cooked the {w} and the {v} for dinner",
              "put the {w} in the fridge",
              "this {w} is delicious with {v}",
              "a plate of {w} sat on the kitchen table",
              "the chef sliced the {w} with a knife"),
          List.of(
              "he drove the {w} to work",
              "the {w} stopped at the station",
              "we parked the {w} near the road",
              "the {w} needs new wheels and fuel",
              "she rode the {w} across town",
              "the {w} was faster than the {v}",
              "a red {w} waited at the traffic light",
              "the mechanic repaired the engine of the {w}"),
          List.of(
              "the {w} lasted all night",
              "heavy {w} closed the mountain roads",
              "the forecast says {w} tomorrow",
              "we stayed indoors during the {w}",
              "the {w} came right after the {v}",
              "a cold {w} swept over the hills",
              "the grey sky warned of {w} and {v}",
              "farmers worried about the {w} this season"),
          List.of(
              "she played the {w} on stage",
              "he practiced the {w} every evening",
              "the band needs a {w} and a {v}",
              "the {w} sounded out of tune",
              "a concerto for {w} and orchestra",
              "he tuned his {w} before the concert",
              "the {w} solo was loud and fast",
              "she took music lessons on the {w}"),
          List.of(
              "she wore a {w} to the party",
              "he bought a new {w} at the shop",
              "the {w} was too small to wear",
              "put on your {w} and your {v}",
              "a woolen {w} keeps you warm",
              "she washed the {w} and hung it to dry",
              "the {w} matched her {v}",
              "he folded the {w} into the drawer"));

  /** Topic-neutral templates of the labelled texts (they also occur in the corpus). */
  private static final List<String> NEUTRAL =
      List.of(
          "tell me something about the {w}",
          "i keep thinking about the {w}",
          "there is a picture of a {w} here",
          "what do you know about the {w}",
          "the next word is {w}",
          "look at that {w} over there",
          "have you ever heard of a {w}",
          "my friend asked about the {w}");

  public BuiltinData {
    if (documents < 100) {
      throw new IllegalArgumentException("the builtin corpus needs at least 100 documents");
    }
  }

  /** The default size: 20,000 documents. */
  public static BuiltinData defaults() {
    return new BuiltinData(20_000);
  }

  @Override
  public QuickstartData write(Path out, long seed) throws IOException {
    Files.createDirectories(out);
    Random random = new Random(seed);
    List<String> corpus = new ArrayList<>(documents);
    for (int i = 0; i < documents; i++) {
      int topic = random.nextInt(TOPICS.size());
      String a = sentence(topic, CONTEXTS.get(topic), random);
      // One document in four mixes in a neutral sentence, so those templates are seen in context.
      List<String> second = random.nextInt(4) == 0 ? NEUTRAL : CONTEXTS.get(topic);
      corpus.add(a + " . " + sentence(topic, second, random) + " .");
    }
    long lines = Splits.writeLines(out.resolve("corpus.txt"), corpus);
    List<Splits.Example> train = new ArrayList<>();
    List<Splits.Example> validation = new ArrayList<>();
    List<Splits.Example> test = new ArrayList<>();
    for (int t = 0; t < TOPICS.size(); t++) {
      List<String> words = WORDS.get(t);
      for (int w = 0; w < words.size(); w++) {
        List<Splits.Example> split = w < 6 ? train : w < 12 ? validation : test;
        for (String template : NEUTRAL) {
          split.add(new Splits.Example(template.replace("{w}", words.get(w)), TOPICS.get(t)));
        }
      }
    }
    java.util.Collections.shuffle(train, random);
    java.util.Collections.shuffle(validation, random);
    java.util.Collections.shuffle(test, random);
    Splits.Three s = new Splits.Three(train, validation, test);
    int[] sizes = Splits.writeAll(out, s);
    return new QuickstartData(
        "builtin",
        "generated: six topics of 24 words; the label is the topic of the one word in a"
            + " topic-neutral sentence; test words never occur in the labelled training texts",
        out.resolve("corpus.txt"),
        lines,
        out.resolve("train.csv"),
        out.resolve("validation.csv"),
        out.resolve("test.csv"),
        sizes,
        TOPICS.size());
  }

  private static String sentence(int topic, List<String> templates, Random random) {
    List<String> words = WORDS.get(topic);
    String w = words.get(random.nextInt(words.size()));
    String v = words.get(random.nextInt(words.size()));
    return templates.get(random.nextInt(templates.size())).replace("{w}", w).replace("{v}", v);
  }
}
