package io.colorcache.gateway.service;

/** The job stream holds as many jobs as it may; new work is refused until workers catch up. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(long queued) {
        super(queued + " jobs are queued, the most this service accepts; retry later", null, false, false);
    }
}
