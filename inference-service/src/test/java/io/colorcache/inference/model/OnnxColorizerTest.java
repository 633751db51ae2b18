package io.colorcache.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.colorcache.testsupport.ContractGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxColorizerTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] model) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, model);
        return file;
    }

    private static float[] random(int length, long seed) {
        Random random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    /** A 3x3 convolution with random weights: every output mixes neighbours, so batch mix-ups show. */
    private static byte[] mixingModel(int size, int batch, boolean half) {
        float[] weights = random(2 * 3 * 9, 7);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (weights[i] - 0.5f) * 20;
        }
        return ContractGraph.convolution(size, batch, 3, weights, new float[] {1.5f, -2.5f}, half);
    }

    @Test
    void demoModelFollowsTheContractAndItsFormula() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(16));
        try (OnnxColorizer model = OnnxColorizer.open(file, 512)) {
            assertThat(model.size()).isEqualTo(16);
            assertThat(model.fixedBatch()).isZero();
            assertThat(model.provider()).isEqualTo(ExecutionProvider.CPU);
            int plane = 16 * 16;
            float[] input = new float[2 * 3 * plane];
            Arrays.fill(input, 3 * plane, 6 * plane, 0.5f);
            float[] ab = model.run(input, 2);
            assertThat(ab).hasSize(2 * 2 * plane);
            assertThat(ab[0]).isCloseTo(4f, within(1e-4f));
            assertThat(ab[plane]).isCloseTo(12f, within(1e-4f));
            assertThat(ab[2 * plane]).isCloseTo(8f, within(1e-4f));
            assertThat(ab[3 * plane]).isCloseTo(22f, within(1e-4f));
        }
    }

    @Test
    void aBatchOfNGivesTheSameOutputsAsNSingleRuns() throws Exception {
        int size = 32;
        int n = 5;
        Path file = write("mixing.onnx", mixingModel(size, 0, false));
        try (OnnxColorizer model = OnnxColorizer.open(file, 512)) {
            float[] batchInput = random(n * model.inputLength(), 11);
            float[] batched = model.run(batchInput, n);
            for (int i = 0; i < n; i++) {
                float[] single = model.run(Arrays.copyOfRange(batchInput, i * model.inputLength(),
                        (i + 1) * model.inputLength()), 1);
                float[] fromBatch = Arrays.copyOfRange(batched, i * model.outputLength(), (i + 1) * model.outputLength());
                assertThat(fromBatch).as("image %d of the batch", i).containsExactly(single, within(1e-4f));
            }
            assertThat(batched[0]).as("images differ, so the comparison means something")
                    .isNotCloseTo(batched[model.outputLength()], within(1e-3f));
        }
    }

    @Test
    void aModelWithAFixedBatchSizeIsPaddedAndTrimmed() throws Exception {
        Path file = write("fixed.onnx", mixingModel(16, 4, false));
        Path dynamicFile = write("dynamic.onnx", mixingModel(16, 0, false));
        try (OnnxColorizer fixed = OnnxColorizer.open(file, 512); OnnxColorizer dynamic = OnnxColorizer.open(dynamicFile, 512)) {
            assertThat(fixed.fixedBatch()).isEqualTo(4);
            float[] input = random(2 * fixed.inputLength(), 3);
            float[] out = fixed.run(input, 2);
            assertThat(out).hasSize(2 * fixed.outputLength());
            assertThat(out).containsExactly(dynamic.run(input, 2), within(1e-4f));
            assertThatThrownBy(() -> fixed.run(random(5 * fixed.inputLength(), 1), 5))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void halfPrecisionModelsTakeAndGiveFloats() throws Exception {
        Path half = write("half.onnx", mixingModel(16, 0, true));
        Path full = write("full.onnx", mixingModel(16, 0, false));
        try (OnnxColorizer fp16 = OnnxColorizer.open(half, 512); OnnxColorizer fp32 = OnnxColorizer.open(full, 512)) {
            assertThat(fp16.isHalfPrecision()).isTrue();
            float[] input = random(2 * fp16.inputLength(), 5);
            float[] expected = fp32.run(input, 2);
            float[] actual = fp16.run(input, 2);
            for (int i = 0; i < expected.length; i++) {
                // float16 keeps about 3 significant digits.
                assertThat(actual[i]).isCloseTo(expected[i], within(0.02f + Math.abs(expected[i]) * 2e-3f));
            }
        }
    }

    @Test
    void gpuProvidersThatCannotLoadFallBackToTheCpu() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(8));
        ProviderSettings gpuFirst = ProviderSettings.cpu(512)
                .withProviders(List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU));
        try (OnnxColorizer cpu = OnnxColorizer.open(file, 512); OnnxColorizer requested = OnnxColorizer.open(file, gpuFirst)) {
            if (!CudaProbe.available()) {
                assertThat(requested.provider()).isEqualTo(ExecutionProvider.CPU);
            }
            float[] input = new float[3 * 64];
            Arrays.fill(input, 0.25f);
            assertThat(requested.run(input, 1)).containsExactly(cpu.run(input, 1), within(1e-4f));
        }
    }

    @Test
    void rejectsModelsOfAnotherContract() throws Exception {
        Path notAModel = write("junk.onnx", "not a model".getBytes());
        assertThatThrownBy(() -> OnnxColorizer.open(notAModel, 512))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("cannot load");
    }

    @Test
    void verifiesTheFileAgainstTheConfiguredVersion() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(8));
        String digest = ModelFiles.sha256(file);
        ModelFiles.verify(file, new io.colorcache.protocol.ModelRef("ddcolor", digest.substring(0, 8)));

        String wrong = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1, 8);
        assertThatThrownBy(() -> ModelFiles.verify(file, new io.colorcache.protocol.ModelRef("ddcolor", wrong)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("does not match the configured version " + wrong)
                .hasMessageContaining(digest.substring(0, 8));
        assertThatThrownBy(() -> ModelFiles.verify(dir.resolve("missing.onnx"),
                        new io.colorcache.protocol.ModelRef("ddcolor", wrong)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("does not exist");
    }
}
