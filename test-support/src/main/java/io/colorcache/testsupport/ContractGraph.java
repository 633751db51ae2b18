package io.colorcache.testsupport;

import ai.onnx.proto.OnnxMl;
import io.colorcache.protocol.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small ONNX graphs with DDColor's exact input/output contract: one convolution from
 * {@code input} float32 [N,3,S,S] to {@code output} float32 [N,2,S,S]. The bundled demo model and
 * the tests and {@code bin/run-local} use it; no real DDColor weights are involved.
 */
public final class ContractGraph {

    /** DDColor's tensor names, as the worker's {@code OnnxColorizer} looks them up. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private static final int OPSET = 13;

    private ContractGraph() {
    }

    /**
     * A k x k convolution (odd k, same padding) with the given weights [2,3,k,k] and bias [2].
     *
     * @param size S, the fixed spatial size; 0 or less leaves it dynamic
     */
    public static byte[] convolution(int size, int kernel, float[] weights, float[] bias) {
        return convolution(size, 0, kernel, weights, bias, false);
    }

    /**
     * @param batch a fixed batch size, or 0 for a dynamic one
     * @param half  float16 input and output (the convolution runs in float32 between two Casts),
     *              as a model exported in half precision with half-precision I/O
     */
    public static byte[] convolution(int size, int batch, int kernel, float[] weights, float[] bias, boolean half) {
        if (kernel % 2 != 1 || weights.length != 2 * 3 * kernel * kernel || bias.length != 2) {
            throw new IllegalArgumentException("need odd kernel, 2*3*k*k weights and 2 biases");
        }
        int pad = kernel / 2;
        String convIn = half ? "input_f32" : INPUT;
        String convOut = half ? "output_f32" : OUTPUT;
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("ddcolor-contract");
        if (half) {
            graph.addNode(cast(INPUT, convIn, OnnxMl.TensorProto.DataType.FLOAT));
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Conv").setName("colorize")
                        .addInput(convIn).addInput("W").addInput("B")
                        .addOutput(convOut)
                        .addAttribute(ints("kernel_shape", kernel, kernel))
                        .addAttribute(ints("pads", pad, pad, pad, pad)));
        if (half) {
            graph.addNode(cast(convOut, OUTPUT, OnnxMl.TensorProto.DataType.FLOAT16));
        }
        OnnxMl.TensorProto.DataType io = half ? OnnxMl.TensorProto.DataType.FLOAT16 : OnnxMl.TensorProto.DataType.FLOAT;
        graph.addInitializer(floats("W", weights, 2, 3, kernel, kernel))
                .addInitializer(floats("B", bias, 2))
                .addInput(valueInfo(INPUT, batch, 3, size, io))
                .addOutput(valueInfo(OUTPUT, batch, 2, size, io));
        return model(graph);
    }

    private static byte[] model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("colorcache")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static OnnxMl.NodeProto cast(String from, String to, OnnxMl.TensorProto.DataType type) {
        return OnnxMl.NodeProto.newBuilder().setOpType("Cast").setName("cast_" + to).addInput(from).addOutput(to)
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(type.getNumber()))
                .build();
    }

    /**
     * The demo model: a warm sepia tint that follows brightness (a = 4 + 8 g, b = 12 + 20 g for
     * gray level g). Its colors are not DDColor's.
     */
    public static byte[] demo(int size) {
        float third = 1f / 3;
        return convolution(size, 1,
                new float[] {8 * third, 8 * third, 8 * third, 20 * third, 20 * third, 20 * third},
                new float[] {4, 12});
    }

    /**
     * {@code layers} 3x3 convolutions (3 to {@code hidden} channels, {@code hidden} to
     * {@code hidden}, ..., {@code hidden} to 2) with ReLU between them and fixed pseudo-random
     * weights: no meaningful colors, but real compute per pixel for throughput measurements.
     */
    public static byte[] layered(int size, int hidden, int layers) {
        return layered(size, hidden, layers, 1f);
    }

    /**
     * A model whose colours depend on content, for near-duplicate tests and benchmarks (the demo
     * model gives every photo of the same gray levels the same colours): three 3x3 convolutions of
     * 8 channels with fixed pseudo-random weights, the last scaled so ab spread over tens of units.
     */
    public static byte[] textured(int size) {
        return layered(size, 8, 3, 60f);
    }

    /** {@link #layered(int, int, int)} with the last layer's weights multiplied by {@code gain}. */
    private static byte[] layered(int size, int hidden, int layers, float gain) {
        if (layers < 2 || hidden < 1) {
            throw new IllegalArgumentException("need at least 2 layers and 1 hidden channel");
        }
        java.util.Random random = new java.util.Random(42);
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("ddcolor-contract-layered");
        String previous = INPUT;
        int channels = 3;
        for (int layer = 0; layer < layers; layer++) {
            boolean last = layer == layers - 1;
            int out = last ? 2 : hidden;
            float[] w = new float[out * channels * 9];
            float scale = (float) Math.sqrt(2.0 / (channels * 9)) * (last ? gain : 1f);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian() * scale;
            }
            String conv = last ? OUTPUT : "conv" + layer;
            graph.addInitializer(floats("W" + layer, w, out, channels, 3, 3))
                    .addInitializer(floats("B" + layer, new float[out], out))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("conv" + layer)
                            .addInput(previous).addInput("W" + layer).addInput("B" + layer).addOutput(conv)
                            .addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 1, 1, 1, 1)));
            if (!last) {
                graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu" + layer)
                        .addInput(conv).addOutput("relu" + layer));
                previous = "relu" + layer;
            }
            channels = out;
        }
        graph.addInput(valueInfo(INPUT, 0, 3, size, OnnxMl.TensorProto.DataType.FLOAT))
                .addOutput(valueInfo(OUTPUT, 0, 2, size, OnnxMl.TensorProto.DataType.FLOAT));
        return model(graph);
    }

    /**
     * Writes a model and prints its SHA-256: {@code ContractGraph OUT.onnx [S [HIDDEN LAYERS]]},
     * the demo model by default, {@link #layered} when HIDDEN and LAYERS are given.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length == 3 || args.length > 4) {
            System.err.println("usage: ContractGraph OUT.onnx [S [HIDDEN LAYERS]]");
            System.exit(2);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Path out = Path.of(args[0]);
        byte[] model = args.length == 4
                ? layered(size, Integer.parseInt(args[2]), Integer.parseInt(args[3]))
                : demo(size);
        Files.write(out, model);
        System.out.println(Sha256.hex(model));
    }

    private static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    private static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            tensor.addDims(d);
        }
        for (float v : values) {
            tensor.addFloatData(v);
        }
        return tensor.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int batch, int channels, int size,
            OnnxMl.TensorProto.DataType type) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(batch > 0
                        ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(batch)
                        : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(channels));
        for (int i = 0; i < 2; i++) {
            shape.addDim(size > 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(i == 0 ? "H" : "W"));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
                .build();
    }
}
