package org.transfer4j.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitsTest {
  /** {@code sizes} per label: "a:100,b:7,c:2". */
  private static List<Splits.Example> data(String sizes) {
    List<Splits.Example> all = new ArrayList<>();
    for (String part : sizes.split(",")) {
      String[] kv = part.split(":");
      for (int i = 0; i < Integer.parseInt(kv[1]); i++) {
        all.add(new Splits.Example(kv[0] + " text " + i, kv[0]));
      }
    }
    return all;
  }

  private static Map<String, Long> counts(List<Splits.Example> l) {
    return l.stream().collect(Collectors.groupingBy(Splits.Example::label, Collectors.counting()));
  }

  @ParameterizedTest(name = "{0} -> train {4}, validation {5}, test {6}")
  @CsvSource(
      delimiter = ';',
      value = {
        // label sizes; train; val; test; expected per-label counts "a=..,b=.." (train; val; test)
        "a:100,b:100; 10; 5; 20; a=10,b=10; a=5,b=5; a=20,b=20",
        "a:100,b:7; 4; 1; 2; a=4,b=4; a=1,b=1; a=2,b=2",
        // b is smaller than 40+10+20 = 70: proportions 4:1:2 of 14
        "a:100,b:14; 40; 10; 20; a=40,b=8; a=10,b=2; a=20,b=4",
        // a label with fewer than 3 examples is dropped everywhere
        "a:50,c:2; 10; 5; 5; a=10; a=5; a=5",
        // test -1 takes the rest; test 0 none
        "a:30,b:20; 5; 5; -1; a=5,b=5; a=5,b=5; a=20,b=10",
        "a:30,b:20; 5; 5; 0; a=5,b=5; a=5,b=5; ''",
        // train and validation 0 (a stratified test sample only)
        "a:30,b:20; 0; 0; 25; ''; ''; a=25,b=20",
      })
  void stratifiedCountsPerLabel(
      String sizes, int train, int val, int test, String eTrain, String eVal, String eTest) {
    Splits.Three s = Splits.stratified(data(sizes), train, val, test, 7);
    assertThat(format(counts(s.train()))).isEqualTo(eTrain);
    assertThat(format(counts(s.validation()))).isEqualTo(eVal);
    assertThat(format(counts(s.test()))).isEqualTo(eTest);
    Set<String> seen = new HashSet<>();
    for (List<Splits.Example> l : List.of(s.train(), s.validation(), s.test())) {
      for (Splits.Example e : l) {
        assertThat(seen.add(e.text())).as("splits are disjoint: %s", e.text()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1", "42"})
  void sameSeedSameSplit(long seed) {
    List<Splits.Example> all = data("a:60,b:40,c:9");
    assertThat(Splits.stratified(all, 5, 2, 3, seed))
        .isEqualTo(Splits.stratified(new ArrayList<>(all), 5, 2, 3, seed));
  }

  private static String format(Map<String, Long> m) {
    return m.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
