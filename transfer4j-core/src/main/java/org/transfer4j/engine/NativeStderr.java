package org.transfer4j.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs an action with the process's standard error (file descriptor 2) pointed at {@code
 * /dev/null}, for native libraries that print warnings meant for their own developers. Java's
 * {@code System.setErr} cannot do this: native code writes to the descriptor, not to {@code
 * System.err}. JNA (already on the class path through DJL) calls {@code dup}/{@code dup2}; where
 * that fails (no libc, another OS) the action simply runs unsilenced.
 *
 * <pre>{@code
 * NativeStderr.silenced(() -> array.set(new float[] {0f})); // libtorch's once-per-process warning
 * }</pre>
 */
final class NativeStderr {
  private NativeStderr() {}

  /** The libc calls used; JNA maps them by name. */
  interface LibC extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  private static final int STDERR = 2;

  /** Runs {@code action} with native standard error discarded, restoring it afterwards. */
  static void silenced(Runnable action) {
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
    } catch (LinkageError | RuntimeException e) {
      action.run();
      return;
    }
    System.err.flush();
    int saved = libc.dup(STDERR);
    int devNull = saved < 0 ? -1 : libc.open("/dev/null", 1 /* O_WRONLY */);
    if (devNull < 0 || libc.dup2(devNull, STDERR) < 0) {
      if (saved >= 0) {
        libc.close(saved);
      }
      if (devNull >= 0) {
        libc.close(devNull);
      }
      action.run();
      return;
    }
    try {
      action.run();
    } finally {
      libc.dup2(saved, STDERR);
      libc.close(saved);
      libc.close(devNull);
    }
  }
}
