package io.colorcache.testsupport;

import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal blocking RESP2 client for test assertions against the real server: it sends one command and reads one
 * reply, typed by the method that sent it, or pipelines several ({@link #pipeline}). Job records are read through
 * the protocol's codec.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RespClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to redis at " + host + ":" + port, e);
        }
    }

    /** Sends a command whose reply does not matter beyond not being an error. */
    public void run(Object... args) {
        send(args);
    }

    /** A status or bulk-string reply as UTF-8 text; null for a nil reply. */
    public String string(Object... args) {
        Object reply = send(args);
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) reply;
    }

    /** A bulk-string reply as raw bytes; null for a nil reply. */
    public byte[] bytes(Object... args) {
        return (byte[]) send(args);
    }

    /** An integer reply. */
    public long number(Object... args) {
        return (Long) send(args);
    }

    /** An array reply, nested arrays as lists, bulk strings as UTF-8 text and integers as {@code Long}. */
    @SuppressWarnings("unchecked")
    public List<Object> list(Object... args) {
        return (List<Object>) decodeStrings(send(args));
    }

    /** The job record under {@code jobKey}, read through the protocol's codec; empty when there is none. */
    public Optional<JobRecord> job(String jobKey) {
        List<Object> flat = list("HGETALL", jobKey);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return JobRecord.parse(fields);
    }

    /**
     * Every key (found with SCAN) whose name or content holds {@code text}: string values, hash
     * fields and values, list, set and sorted-set members, and stream entries. For checking that
     * something was erased; it reads the whole database.
     */
    public List<String> keysMentioning(String text) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            List<Object> page = list("SCAN", cursor, "COUNT", "1000");
            cursor = (String) page.get(0);
            for (Object name : (List<?>) page.get(1)) {
                String key = (String) name;
                Object content = switch (string("TYPE", key)) {
                    case "string" -> string("GET", key);
                    case "hash" -> list("HGETALL", key);
                    case "list" -> list("LRANGE", key, "0", "-1");
                    case "set" -> list("SMEMBERS", key);
                    case "zset" -> list("ZRANGE", key, "0", "-1");
                    case "stream" -> list("XRANGE", key, "-", "+");
                    default -> "";
                };
                if (key.contains(text) || String.valueOf(content).contains(text)) {
                    found.add(key);
                }
            }
        } while (!cursor.equals("0"));
        return found;
    }

    /** HSET of every field in {@code fields}, as the codec's transitions give them. */
    public void hset(String key, Map<String, String> fields) {
        run(withFields(List.of("HSET", key), fields));
    }

    /** XADD of {@code fields} under a new id, which is returned. */
    public String xadd(String stream, Map<String, String> fields) {
        return string(withFields(List.of("XADD", stream, "*"), fields));
    }

    /** Whether the job record under {@code jobKey} exists and is in {@code state}. */
    public boolean jobIn(String jobKey, JobState state) {
        return job(jobKey).map(JobRecord::state).orElse(null) == state;
    }

    private static Object[] withFields(List<Object> command, Map<String, String> fields) {
        List<Object> arguments = new ArrayList<>(command);
        fields.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        return arguments.toArray();
    }

    /**
     * Sends the commands in one write, then reads their replies, in order, as {@link #list} decodes
     * them; the first error reply is thrown once every reply is read.
     */
    public List<Object> pipeline(List<Object[]> commands) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (Object[] command : commands) {
                encode(command, buf);
            }
            out.write(buf.toByteArray());
            out.flush();
            List<Object> replies = new ArrayList<>(commands.size());
            RespError error = null;
            for (int i = 0; i < commands.size(); i++) {
                try {
                    replies.add(decodeStrings(readReply()));
                } catch (RespError e) {
                    error = error == null ? e : error;
                    replies.add(null);
                }
            }
            if (error != null) {
                throw error;
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object send(Object... args) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            encode(args, buf);
            out.write(buf.toByteArray());
            out.flush();
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void encode(Object[] args, ByteArrayOutputStream buf) throws IOException {
        buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            buf.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.write(bytes);
            buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RespError(line);
            case ':' -> Long.parseLong(line);
            case '$' -> readBulk(Integer.parseInt(line));
            case '*' -> readArray(Integer.parseInt(line));
            case -1 -> throw new IOException("connection closed");
            default -> throw new IOException("unexpected RESP type " + (char) type);
        };
    }

    private byte[] readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] data = in.readNBytes(length);
        in.readNBytes(2);
        return data;
    }

    private List<Object> readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readReply());
        }
        return items;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    private static Object decodeStrings(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> decoded = new ArrayList<>(list.size());
            list.forEach(item -> decoded.add(decodeStrings(item)));
            return decoded;
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection
        }
    }

    /** An error reply from Redis. */
    public static final class RespError extends RuntimeException {
        RespError(String message) {
            super(message);
        }
    }
}
