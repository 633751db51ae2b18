package io.colorcache.bench;

import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.testsupport.RedisServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
            if (aof) {
                try (Resp admin = new Resp(redis.port())) {
                    admin.call("CONFIG", "SET", "appendfsync", "everysec");
                }
            }
            String stream = KEYS.jobsStream();
            try (Resp admin = new Resp(redis.port())) {
                admin.call("XGROUP", "CREATE", stream, GROUP, "$", "MKSTREAM");
            }
            double ping = run(seconds, producers, 0, redis.port(), depth, false)[0];
            double xadd = run(seconds, producers, 0, redis.port(), depth, true)[0];
            try (Resp admin = new Resp(redis.port())) {
                admin.call("XGROUP", "SETID", stream, GROUP, "$");
            }
            double[] cycle = run(seconds, producers, consumers, redis.port(), depth, true);
            long backlog;
            try (Resp admin = new Resp(redis.port())) {
                backlog = (Long) admin.call("XLEN", stream);
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
    private static double[] run(int seconds, int producers, int consumers, int port, int depth, boolean xadd)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder produced = new LongAdder();
        LongAdder acked = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            threads.add(Thread.ofPlatform().start(() -> produce(port, depth, xadd, running, produced,
                    consumers == 0 ? null : acked)));
        }
        for (int i = 0; i < consumers; i++) {
            String consumer = "worker-" + i;
            threads.add(Thread.ofPlatform().start(() -> consume(port, consumer, running, acked)));
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
    private static void produce(int port, int depth, boolean xadd, AtomicBoolean running, LongAdder produced,
            LongAdder acked) {
        ModelRef model = new ModelRef("ddcolor-paper-tiny", "0123456789ab");
        try (Resp redis = new Resp(port)) {
            while (running.get()) {
                if (acked != null && produced.sum() - acked.sum() > BACKLOG) {
                    Thread.onSpinWait();
                    continue;
                }
                for (int i = 0; i < depth; i++) {
                    if (xadd) {
                        redis.send(xaddCommand(model));
                    } else {
                        redis.send(List.of("PING"));
                    }
                }
                redis.flush();
                for (int i = 0; i < depth; i++) {
                    redis.read();
                }
                produced.add(depth);
            }
        }
    }

    private static List<String> xaddCommand(ModelRef model) {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        String jobId = JobIds.next();
        JobMessage job = new JobMessage(jobId, KEYS.result(model, OutputFormat.JPEG, sha), KEYS.input(sha), sha,
                OutputFormat.JPEG, System.currentTimeMillis(),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Priority.INTERACTIVE);
        List<String> command = new ArrayList<>(List.of("XADD", KEYS.jobsStream(), "MAXLEN", "~", "100000", "*"));
        job.toFields().forEach((field, value) -> {
            command.add(field);
            command.add(value);
        });
        return command;
    }

    @SuppressWarnings("unchecked")
    private static void consume(int port, String consumer, AtomicBoolean running, LongAdder acked) {
        try (Resp redis = new Resp(port)) {
            while (running.get()) {
                Object reply = redis.call("XREADGROUP", "GROUP", GROUP, consumer, "COUNT", Integer.toString(READ_COUNT),
                        "BLOCK", "100", "STREAMS", KEYS.jobsStream(), ">");
                if (reply == null) {
                    continue;
                }
                List<Object> entries = (List<Object>) ((List<Object>) ((List<Object>) reply).get(0)).get(1);
                for (Object entry : entries) {
                    redis.send(List.of("XACK", KEYS.jobsStream(), GROUP, (String) ((List<Object>) entry).get(0)));
                }
                redis.flush();
                for (int i = 0; i < entries.size(); i++) {
                    redis.read();
                }
                acked.add(entries.size());
            }
        }
    }

    /** A RESP2 connection that can pipeline: send, send, flush, read, read. */
    private static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Resp(int port) {
            try {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Object call(String... command) {
            send(List.of(command));
            flush();
            return read();
        }

        void send(List<String> command) {
            try {
                out.write(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (String arg : command) {
                    byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                    out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write('\r');
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Object read() {
            try {
                int type = in.read();
                String line = line();
                switch (type) {
                    case '+':
                        return line;
                    case '-':
                        throw new IllegalStateException(line);
                    case ':':
                        return Long.parseLong(line);
                    case '$': {
                        int length = Integer.parseInt(line);
                        if (length < 0) {
                            return null;
                        }
                        byte[] bytes = in.readNBytes(length + 2);
                        return new String(bytes, 0, length, StandardCharsets.UTF_8);
                    }
                    case '*': {
                        int count = Integer.parseInt(line);
                        if (count < 0) {
                            return null;
                        }
                        List<Object> items = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            items.add(read());
                        }
                        return items;
                    }
                    default:
                        throw new IllegalStateException("unexpected RESP type " + type);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\r'; ) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) b);
            }
            in.read();
            return line.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
