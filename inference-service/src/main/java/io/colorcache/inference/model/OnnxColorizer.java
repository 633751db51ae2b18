package io.colorcache.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.quarkus.logging.Log;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ONNX Runtime session of a model with DDColor's contract: input {@code input} [N,3,S,S],
 * output {@code output} [N,2,S,S], float32 or float16 (converted here, so callers always see
 * float32). Thread-safe: ONNX Runtime sessions allow concurrent {@code run} calls.
 */
public final class OnnxColorizer implements AutoCloseable {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    /**
     * Sessions are created one at a time in a JVM: registering an execution provider extracts its
     * native library into ONNX Runtime's one temporary folder, and two registrations at once
     * rewrite a library that the dynamic loader is mapping for the other (SIGBUS in ld.so).
     */
    static final ReentrantLock CREATION = new ReentrantLock();

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int size;
    private final int fixedBatch;
    private final boolean halfInput;
    private final ExecutionProvider provider;

    private OnnxColorizer(OrtEnvironment env, OrtSession session, Contract contract, ExecutionProvider provider) {
        this.env = env;
        this.session = session;
        this.size = contract.size;
        this.fixedBatch = contract.fixedBatch;
        this.halfInput = contract.halfInput;
        this.provider = provider;
    }

    /** A CPU session with ONNX Runtime's defaults. */
    public static OnnxColorizer open(Path file, int dynamicSize) {
        return open(file, ProviderSettings.cpu(dynamicSize));
    }

    /**
     * Opens a session on the first configured execution provider that loads. When a GPU
     * provider registers but the session still cannot be created on it, one more attempt is made
     * on the CPU.
     *
     * @throws ModelFileException when the file is not a model of DDColor's contract
     */
    public static OnnxColorizer open(Path file, ProviderSettings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        CREATION.lock();
        try {
            return create(env, file, settings);
        } catch (GpuSessionException e) {
            Log.warnf("Cannot create the session on %s (%s); running DDColor on the CPU",
                    e.provider.token(), ExecutionProviders.firstLine(e.getCause().getMessage()));
            return create(env, file, settings.withProviders(List.of(ExecutionProvider.CPU)));
        } finally {
            CREATION.unlock();
        }
    }


    private static OnnxColorizer create(OrtEnvironment env, Path file, ProviderSettings settings) {
        ExecutionProvider provider;
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            provider = ExecutionProviders.register(options, settings);
            try {
                session = env.createSession(file.toString(), options);
            } catch (OrtException e) {
                if (provider != ExecutionProvider.CPU) {
                    throw new GpuSessionException(provider, e);
                }
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelFileException("ONNX Runtime cannot load " + file.toAbsolutePath() + ": "
                    + ExecutionProviders.firstLine(e.getMessage()), e);
        }
        try {
            return new OnnxColorizer(env, session, Contract.of(session, settings.dynamicSize()), provider);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** S, the square input size of the model. */
    public int size() {
        return size;
    }

    /** The batch size the model was exported with, or 0 when its batch dimension is dynamic. */
    public int fixedBatch() {
        return fixedBatch;
    }

    /** Whether the model's input and output are float16 (converted to and from float32 here). */
    public boolean isHalfPrecision() {
        return halfInput;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /** Floats one image takes in the input: 3 * S * S. */
    public int inputLength() {
        return 3 * size * size;
    }

    /** Floats one image takes in the output: 2 * S * S. */
    public int outputLength() {
        return 2 * size * size;
    }

    /** {@link #run(FloatBuffer, int)} on a heap array (ONNX Runtime copies it once). */
    public float[] run(float[] input, int batch) {
        return run(FloatBuffer.wrap(input, 0, Math.min(input.length, batch * inputLength())), batch);
    }

    /**
     * Runs the model once on {@code batch} images laid out one after another from the buffer's
     * position (each 3*S*S floats) and returns their ab planes (each 2*S*S floats) in the same
     * order. A direct buffer is handed to ONNX Runtime without a copy. Models exported with a
     * fixed batch size get zero padding, which is dropped from the result.
     */
    public float[] run(FloatBuffer input, int batch) {
        int runBatch = fixedBatch > 0 ? fixedBatch : batch;
        if (batch <= 0 || batch > runBatch || input.remaining() < batch * inputLength()) {
            throw new IllegalArgumentException("input holds fewer than " + batch + " images of " + inputLength()
                    + " floats, or more than the model's batch size " + runBatch);
        }
        long[] shape = {runBatch, 3, size, size};
        try (OnnxTensor tensor = tensor(input, batch, runBatch, shape);
                OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            OnnxValue value = result.get(OUTPUT).orElseThrow(() -> new IllegalStateException("model gave no output"));
            return outputOf((OnnxTensor) value, batch);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + ExecutionProviders.firstLine(e.getMessage()), e);
        }
    }

    private OnnxTensor tensor(FloatBuffer input, int batch, int runBatch, long[] shape) throws OrtException {
        int used = batch * inputLength();
        int total = runBatch * inputLength();
        if (halfInput) {
            ShortBuffer half = ByteBuffer.allocateDirect(total * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
            for (int i = 0; i < used; i++) {
                half.put(i, Float.floatToFloat16(input.get(input.position() + i)));
            }
            return OnnxTensor.createTensor(env, half, shape, OnnxJavaType.FLOAT16);
        }
        if (used == total && input.remaining() == total) {
            return OnnxTensor.createTensor(env, input, shape);
        }
        FloatBuffer padded = FloatBuffer.allocate(total);
        padded.put(input.duplicate().limit(input.position() + used)).rewind();
        return OnnxTensor.createTensor(env, padded, shape);
    }

    private float[] outputOf(OnnxTensor tensor, int batch) {
        int used = batch * outputLength();
        float[] ab = new float[used];
        if (tensor.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer half = tensor.getShortBuffer();
            checkLength(half.remaining(), used);
            for (int i = 0; i < used; i++) {
                ab[i] = Float.float16ToFloat(half.get(i));
            }
        } else {
            FloatBuffer out = tensor.getFloatBuffer();
            checkLength(out.remaining(), used);
            out.get(ab);
        }
        return ab;
    }

    private void checkLength(int available, int needed) {
        if (available < needed) {
            throw new IllegalStateException("model output has " + available + " values, expected at least " + needed);
        }
    }

    /** What the session's input and output declare, checked against DDColor's contract. */
    private record Contract(int size, int fixedBatch, boolean halfInput) {

        static Contract of(OrtSession session, int dynamicSize) {
            TensorInfo in;
            TensorInfo out;
            try {
                in = tensorInfo(session.getInputInfo(), INPUT, "input");
                out = tensorInfo(session.getOutputInfo(), OUTPUT, "output");
            } catch (OrtException e) {
                throw new ModelFileException("cannot read the model's inputs and outputs: "
                        + ExecutionProviders.firstLine(e.getMessage()), e);
            }
            long[] inShape = in.getShape();
            long[] outShape = out.getShape();
            if (!isFloat(in.type) || !isFloat(out.type) || inShape.length != 4 || outShape.length != 4
                    || !fits(inShape[1], 3) || !fits(outShape[1], 2)) {
                throw new ModelFileException("model does not have DDColor's contract (input float [N,3,S,S], "
                        + "output float [N,2,S,S]): input " + in.type + Arrays.toString(inShape) + ", output "
                        + out.type + Arrays.toString(outShape));
            }
            long h = inShape[2];
            long w = inShape[3];
            if (h > 0 && w > 0 && h != w) {
                throw new ModelFileException("model input is not square: " + Arrays.toString(inShape));
            }
            int size = h > 0 ? (int) h : w > 0 ? (int) w : dynamicSize;
            return new Contract(size, inShape[0] > 0 ? (int) inShape[0] : 0, in.type == OnnxJavaType.FLOAT16);
        }

        private static boolean isFloat(OnnxJavaType type) {
            return type == OnnxJavaType.FLOAT || type == OnnxJavaType.FLOAT16;
        }

        private static boolean fits(long dim, int expected) {
            return dim < 0 || dim == expected;
        }

        private static TensorInfo tensorInfo(Map<String, NodeInfo> nodes, String name, String role) {
            NodeInfo node = nodes.get(name);
            if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelFileException("model has no tensor " + role + " named '" + name + "' (it has "
                        + nodes.keySet() + ")");
            }
            return info;
        }
    }

    /** A GPU provider registered, but the session could not be created on it. */
    private static final class GpuSessionException extends RuntimeException {
        private final ExecutionProvider provider;

        GpuSessionException(ExecutionProvider provider, OrtException cause) {
            super(cause);
            this.provider = provider;
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
