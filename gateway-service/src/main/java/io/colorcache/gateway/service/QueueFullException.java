package io.colorcache.gateway.service;

/** The job stream holds as many jobs as it may; new work is refused until workers catch up. */
public class QueueFullException extends RuntimeException {

    private QueueFullException(String message) {
        super(message, null, false, false);
    }

    public static QueueFullException entries(long queued) {
        return new QueueFullException(queued + " jobs are queued, the most this service accepts; retry later");
    }

    public static QueueFullException bytes(long queuedBytes) {
        return new QueueFullException(queuedBytes / (1024 * 1024)
                + " MiB of uploads are queued, the most this service accepts; retry later");
    }
}
