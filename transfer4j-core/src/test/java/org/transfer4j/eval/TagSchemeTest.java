package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagSchemeTest {
  static List<String> tags(String s) {
    return List.of(s.split(" "));
  }

  @ParameterizedTest(name = "{0} -> {2}: {3}")
  @CsvSource({
    // the same chunks PER [0,2), PER [2,3), LOC [4,5), LOC [5,6) in every scheme
    "IOB1, I-PER I-PER B-PER O I-LOC B-LOC, IOB2, B-PER I-PER B-PER O B-LOC B-LOC",
    "IOB1, I-PER I-PER B-PER O I-LOC B-LOC, IOBES, B-PER E-PER S-PER O S-LOC S-LOC",
    "IOB2, B-PER I-PER B-PER O B-LOC B-LOC, IOB1, I-PER I-PER B-PER O I-LOC B-LOC",
    "IOBES, B-PER E-PER S-PER O S-LOC S-LOC, IOB1, I-PER I-PER B-PER O I-LOC B-LOC",
    "IOBES, B-PER I-PER E-PER O S-LOC, IOB2, B-PER I-PER I-PER O B-LOC",
    // a stray I- after O is read as a chunk start and written properly
    "IOB2, O I-PER I-PER B-LOC, IOB2, O B-PER I-PER B-LOC",
    // a type change splits; IOB1 needs no B- between chunks of different types
    "IOB2, B-PER I-LOC, IOB1, I-PER I-LOC",
    // IO cannot separate adjacent chunks of one type: they merge
    "IOB2, B-PER B-PER O B-LOC, IO, I-PER I-PER O I-LOC",
    "IO, PER PER O LOC, IOB2, B-PER I-PER O B-LOC",
  })
  void convertsBetweenSchemes(TagScheme from, String in, TagScheme to, String out) {
    assertThat(TagScheme.convert(tags(in), from, to)).isEqualTo(tags(out));
  }

  @Test
  void barePrefixesAreUntypedChunksAsInConlleval() {
    // CoNLL-2000 style chunk tags without a type: B I I O B
    assertThat(TagScheme.IOB2.spans(tags("B I I O B")))
        .containsExactly(new Span(0, 3, ""), new Span(4, 5, ""));
    assertThat(TagScheme.IOBES.spans(tags("S B E")))
        .containsExactly(new Span(0, 1, ""), new Span(1, 3, ""));
    // in IO a bare word is a type
    assertThat(TagScheme.IO.spans(tags("B B"))).containsExactly(new Span(0, 2, "B"));
  }

  @Test
  void typesMayContainHyphens() {
    assertThat(TagScheme.IOB2.spans(tags("B-B-X I-B-X O"))).containsExactly(new Span(0, 2, "B-X"));
  }

  @Test
  void parseIsCaseInsensitiveAndNamesTheChoices() {
    assertThat(TagScheme.parse("iobes")).isEqualTo(TagScheme.IOBES);
    assertThatThrownBy(() -> TagScheme.parse("bilou"))
        .hasMessage("unknown tag scheme 'bilou'; expected one of io, iob1, iob2, iobes");
  }
}
