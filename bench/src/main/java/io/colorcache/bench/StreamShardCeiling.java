package io.colorcache.bench;

import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Redis shard sustains of the job stream's own traffic, which cannot be spread over a
 * cluster because the stream is one key: gateways XADD real job entries (the fields of
 * {@link JobMessage}, MAXLEN ~), workers XREADGROUP batches of 8 and XACK each entry. Each phase
 * runs on the same server in one process, so the ratios hold on a noisy machine:
 * <ol>
 * <li>PING, pipelined as the others are: the server's floor on this machine;</li>
 * <li>XADD alone;</li>
 * <li>the whole cycle, producers and consumers at once, the producers kept at most
 * {@value #BACKLOG} entries ahead so the rate is one the consumers sustain: enqueued and
 * acknowledged per second.</li>
 * </ol>
 *
 * <pre>
 * StreamShardCeiling --seconds 10 --producers 4 --consumers 4 --depth 16
 * </pre>
 */
public final class StreamShardCeiling {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final String GROUP = "inference";
    private static final int READ_COUNT = 8;
    private static final int BACKLOG = 4096;

    private StreamShardCeiling() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, "--aof");
        int seconds = Integer.parseInt(options.getOrDefault("--seconds", "10"));
        int producers = Integer.parseInt(options.getOrDefault("--producers", "4"));
        int consumers = Integer.parseInt(options.getOrDefault("--consumers", "4"));
        int depth = Integer.parseInt(options.getOrDefault("--depth", "16"));
        boolean aof = options.containsKey("--aof");
        try (RedisServer redis = aof ? RedisServer.startPersistent() : RedisServer.start()) {
            String stream = KEYS.jobsStream();
            try (RespClient admin = redis.client()) {
                if (aof) {
                    admin.run("CONFIG", "SET", "appendfsync", "everysec");
                }
                admin.run("XGROUP", "CREATE", stream, GROUP, "$", "MKSTREAM");
            }
            double ping = run(seconds, producers, 0, redis, depth, false)[0];
            double xadd = run(seconds, producers, 0, redis, depth, true)[0];
            long backlog;
            try (RespClient admin = redis.client()) {
                admin.run("XGROUP", "SETID", stream, GROUP, "$");
            }
            double[] cycle = run(seconds, producers, consumers, redis, depth, true);
            try (RespClient admin = redis.client()) {
                backlog = admin.number("XLEN", stream);
            }
            System.out.printf("redis %s, %s, %d producers x pipeline %d, %d consumers (XREADGROUP COUNT %d + XACK each),"
                    + " %d s per phase%n", redis.binary(), aof ? "AOF everysec" : "no persistence", producers, depth,
                    consumers, READ_COUNT, seconds);
            System.out.println("| phase | per second | / PING |");
            System.out.println("|---|---:|---:|");
            System.out.printf("| PING (pipelined) | %.0f | 1.00 |%n", ping);
            System.out.printf("| XADD of a job entry, alone | %.0f | %.2f |%n", xadd, xadd / ping);
            System.out.printf("| cycle: XADD | %.0f | %.2f |%n", cycle[0], cycle[0] / ping);
            System.out.printf("| cycle: jobs read and acknowledged | %.0f | %.2f |%n", cycle[1], cycle[1] / ping);
            System.out.printf("stream length at the end (trimmed only by MAXLEN here): %d%n", backlog);
        }
    }

    /** @return {producer operations per second, entries acknowledged per second} */
    private static double[] run(int seconds, int producers, int consumers, RedisServer redis, int depth, boolean xadd)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder produced = new LongAdder();
        LongAdder acked = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            threads.add(Thread.ofPlatform().start(() -> produce(redis, depth, xadd, running, produced,
                    consumers == 0 ? null : acked)));
        }
        for (int i = 0; i < consumers; i++) {
            String consumer = "worker-" + i;
            threads.add(Thread.ofPlatform().start(() -> consume(redis, consumer, running, acked)));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long producedCount = produced.sum();
        long ackedCount = acked.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return new double[] {producedCount / elapsed, ackedCount / elapsed};
    }

    /** With {@code acked}, at most {@value #BACKLOG} entries ahead of the consumers: a rate they sustain. */
    private static void produce(RedisServer redis, int depth, boolean xadd, AtomicBoolean running, LongAdder produced,
            LongAdder acked) {
        ModelRef model = new ModelRef("ddcolor-paper-tiny", "0123456789ab");
        try (RespClient client = redis.client()) {
            while (running.get()) {
                if (acked != null && produced.sum() - acked.sum() > BACKLOG) {
                    Thread.onSpinWait();
                    continue;
                }
                List<Object[]> commands = new ArrayList<>(depth);
                for (int i = 0; i < depth; i++) {
                    commands.add(xadd ? xaddCommand(model) : new Object[] {"PING"});
                }
                client.pipeline(commands);
                produced.add(depth);
            }
        }
    }

    private static Object[] xaddCommand(ModelRef model) {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        String jobId = JobIds.next();
        JobMessage job = new JobMessage(jobId, KEYS.result(model, OutputFormat.JPEG, sha), KEYS.input(sha), sha,
                OutputFormat.JPEG, System.currentTimeMillis(),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Priority.INTERACTIVE, true);
        List<String> command = new ArrayList<>(List.of("XADD", KEYS.jobsStream(), "MAXLEN", "~", "100000", "*"));
        job.toFields().forEach((field, value) -> {
            command.add(field);
            command.add(value);
        });
        return command.toArray();
    }

    @SuppressWarnings("unchecked")
    private static void consume(RedisServer redis, String consumer, AtomicBoolean running, LongAdder acked) {
        try (RespClient client = redis.client()) {
            while (running.get()) {
                List<Object> reply = client.list("XREADGROUP", "GROUP", GROUP, consumer, "COUNT", READ_COUNT,
                        "BLOCK", 100, "STREAMS", KEYS.jobsStream(), ">");
                if (reply == null) {
                    continue;
                }
                List<Object> entries = (List<Object>) ((List<Object>) reply.get(0)).get(1);
                List<Object[]> acks = new ArrayList<>(entries.size());
                for (Object entry : entries) {
                    acks.add(new Object[] {"XACK", KEYS.jobsStream(), GROUP, ((List<Object>) entry).get(0)});
                }
                client.pipeline(acks);
                acked.add(entries.size());
            }
        }
    }
}
