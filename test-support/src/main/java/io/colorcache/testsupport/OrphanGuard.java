package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Ends a child process when the test JVM that started it dies, even by SIGKILL or a crash,
 * where no shutdown hook runs. A tiny {@code sh} reads a pipe from this JVM; the kernel closes
 * the pipe when the JVM dies, its read loop ends, and it sends the child SIGTERM, then SIGKILL.
 * Disarm it before ending the child normally.
 */
final class OrphanGuard {

    private static final String SCRIPT =
            "while read -r _; do :; done; kill \"$1\" 2>/dev/null; sleep 5; kill -9 \"$1\" 2>/dev/null";

    private final Process watcher;

    private OrphanGuard(Process watcher) {
        this.watcher = watcher;
    }

    /** Watches {@code child} until {@link #disarm()}. */
    static OrphanGuard watch(Process child) {
        try {
            Process watcher = new ProcessBuilder("sh", "-c", SCRIPT, "orphan-guard", Long.toString(child.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the orphan guard of pid " + child.pid(), e);
        }
    }

    /** Stops watching: the guard ends without touching the child. */
    void disarm() {
        watcher.destroyForcibly();
        try {
            watcher.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
