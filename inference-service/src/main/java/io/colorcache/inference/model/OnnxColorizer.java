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
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One ONNX Runtime session of a model with DDColor's contract: input {@code input}, float32
 * [N,3,S,S]; output {@code output}, float32 [N,2,S,S]. Thread-safe: ONNX Runtime sessions allow
 * concurrent {@code run} calls.
 */
public final class OnnxColorizer implements AutoCloseable {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int size;
    private final ExecutionProvider provider;

    private OnnxColorizer(OrtEnvironment env, OrtSession session, int size, ExecutionProvider provider) {
        this.env = env;
        this.session = session;
        this.size = size;
        this.provider = provider;
    }

    /**
     * Opens a session. When {@code requested} is {@link ExecutionProvider#CUDA} and CUDA cannot
     * be loaded, logs one line and runs on the CPU.
     *
     * @param dynamicSize S to use when the model's spatial dimensions are not fixed
     * @throws ModelFileException when the file is not a model of DDColor's contract
     */
    public static OnnxColorizer open(Path file, ExecutionProvider requested, int cudaDeviceId,
            int intraOpThreads, int dynamicSize) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ExecutionProvider actual = requested;
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (requested == ExecutionProvider.CUDA) {
                try {
                    options.addCUDA(cudaDeviceId);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    Log.warnf("CUDA execution provider requested but unavailable (%s); running DDColor on the CPU",
                            firstLine(e.getMessage()));
                    actual = ExecutionProvider.CPU;
                }
            }
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelFileException("ONNX Runtime cannot load " + file.toAbsolutePath() + ": "
                    + firstLine(e.getMessage()), e);
        }
        try {
            int size = checkContract(session, dynamicSize);
            return new OnnxColorizer(env, session, size, actual);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** S, the square input size of the model. */
    public int size() {
        return size;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /**
     * Runs the model on {@code batch} images laid out one after another in {@code input}
     * (each 3*S*S floats) and returns their ab planes (each 2*S*S floats), in the same order.
     */
    public float[] run(float[] input, int batch) {
        int perImage = 3 * size * size;
        if (batch <= 0 || input.length < batch * perImage) {
            throw new IllegalArgumentException("input holds fewer than " + batch + " images of " + perImage + " floats");
        }
        long[] shape = {batch, 3, size, size};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, batch * perImage), shape);
                OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            OnnxValue value = result.get(OUTPUT).orElseThrow(() -> new IllegalStateException("model gave no output"));
            FloatBuffer out = ((OnnxTensor) value).getFloatBuffer();
            float[] ab = new float[out.remaining()];
            out.get(ab);
            if (ab.length != batch * 2 * size * size) {
                throw new IllegalStateException("model output has " + ab.length + " floats, expected "
                        + batch * 2 * size * size);
            }
            return ab;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static int checkContract(OrtSession session, int dynamicSize) {
        TensorInfo in;
        TensorInfo out;
        try {
            in = tensorInfo(session.getInputInfo(), INPUT, "input");
            out = tensorInfo(session.getOutputInfo(), OUTPUT, "output");
        } catch (OrtException e) {
            throw new ModelFileException("cannot read the model's inputs and outputs: " + firstLine(e.getMessage()), e);
        }
        long[] inShape = in.getShape();
        long[] outShape = out.getShape();
        if (in.type != OnnxJavaType.FLOAT || out.type != OnnxJavaType.FLOAT
                || inShape.length != 4 || outShape.length != 4 || !fits(inShape[1], 3) || !fits(outShape[1], 2)) {
            throw new ModelFileException("model does not have DDColor's contract (input float32 [N,3,S,S], output float32 "
                    + "[N,2,S,S]): input " + in.type + Arrays.toString(inShape) + ", output " + out.type
                    + Arrays.toString(outShape));
        }
        long h = inShape[2];
        long w = inShape[3];
        if (h > 0 && w > 0 && h != w) {
            throw new ModelFileException("model input is not square: " + Arrays.toString(inShape));
        }
        return h > 0 ? (int) h : w > 0 ? (int) w : dynamicSize;
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

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
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
