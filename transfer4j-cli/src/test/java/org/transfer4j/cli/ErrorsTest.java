package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Regression tests: out of memory and disk full ended with a stack trace or exit 1 (issue 11). */
class ErrorsTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new OutOfMemoryError("Java heap space"),
            "out of memory; lower --batch-size or --max-length, or give Java more heap"),
        Arguments.of(
            new RuntimeException(
                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate"
                    + " memory: you tried to allocate 68719476736 bytes. Error code 12"),
            "out of memory (you tried to allocate 68719476736 bytes); lower --batch-size"),
        Arguments.of(
            new FileSystemException(
                "/data/run/checkpoint-9/model.safetensors", null, "No space left on device"),
            "the disk is full while writing /data/run/checkpoint-9/model.safetensors; free space"),
        Arguments.of(
            new UncheckedIOException(new IOException("No space left on device")),
            "the disk is full; free space or choose an --output on another disk"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void outOfMemoryAndDiskFullWereNotOneErrorLine(Throwable t, String message) {
    assertThat(Errors.ExecutionHandler.isUserError(t)).isTrue();
    String line = Errors.ExecutionHandler.describe(t);
    assertThat(line).startsWith(message).doesNotContain("Exception").doesNotContain("\n");
  }
}
