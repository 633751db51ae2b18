package io.colorcache.inference.worker;

import io.colorcache.protocol.JobMessage;
import java.util.Map;

/** One stream entry handed to this consumer: where it came from, its raw fields, and the job they encode. */
public record Delivery(String stream, String entryId, Map<String, String> fields, JobMessage job) {
}
