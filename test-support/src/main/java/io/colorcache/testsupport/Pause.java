package io.colorcache.testsupport;

/** Sleeps between polls of a process that is starting; an interrupt ends the test. */
final class Pause {

    private Pause() {
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
