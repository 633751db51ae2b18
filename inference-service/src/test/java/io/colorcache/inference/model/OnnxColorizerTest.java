package io.colorcache.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.colorcache.protocol.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void demoModelFollowsTheContractAndItsFormula() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(16));
        try (OnnxColorizer model = OnnxColorizer.open(file, ExecutionProvider.CPU, 0, 1, 512)) {
            assertThat(model.size()).isEqualTo(16);
            assertThat(model.provider()).isEqualTo(ExecutionProvider.CPU);
            int plane = 16 * 16;
            float[] input = new float[2 * 3 * plane];
            java.util.Arrays.fill(input, 3 * plane, 6 * plane, 0.5f);
            float[] ab = model.run(input, 2);
            assertThat(ab).hasSize(2 * 2 * plane);
            assertThat(ab[0]).isCloseTo(4f, within(1e-4f));
            assertThat(ab[plane]).isCloseTo(12f, within(1e-4f));
            assertThat(ab[2 * plane]).isCloseTo(8f, within(1e-4f));
            assertThat(ab[3 * plane]).isCloseTo(22f, within(1e-4f));
        }
    }

    @Test
    void dynamicSpatialSizeUsesTheConfiguredSize() throws Exception {
        Path file = write("dynamic.onnx", ContractGraph.demo(0));
        try (OnnxColorizer model = OnnxColorizer.open(file, ExecutionProvider.CPU, 0, 1, 24)) {
            assertThat(model.size()).isEqualTo(24);
            assertThat(model.run(new float[3 * 24 * 24], 1)).hasSize(2 * 24 * 24);
        }
    }

    @Test
    void cudaRequestedWithoutCudaRunsOnTheCpu() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(8));
        try (OnnxColorizer cpu = OnnxColorizer.open(file, ExecutionProvider.CPU, 0, 1, 512);
                OnnxColorizer requested = OnnxColorizer.open(file, ExecutionProvider.CUDA, 0, 1, 512)) {
            if (!CudaProbe.available()) {
                assertThat(requested.provider()).isEqualTo(ExecutionProvider.CPU);
            }
            float[] input = new float[3 * 64];
            java.util.Arrays.fill(input, 0.25f);
            assertThat(requested.run(input, 1)).containsExactly(cpu.run(input, 1), within(1e-4f));
        }
    }

    @Test
    void rejectsModelsOfAnotherContract() throws Exception {
        Path notAModel = write("junk.onnx", "not a model".getBytes());
        assertThatThrownBy(() -> OnnxColorizer.open(notAModel, ExecutionProvider.CPU, 0, 1, 512))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("cannot load");
    }

    @Test
    void verifiesTheFileAgainstTheConfiguredVersion() throws Exception {
        Path file = write("demo.onnx", ContractGraph.demo(8));
        String digest = ModelFiles.sha256(file);
        ModelFiles.verify(file, new ModelRef("ddcolor", digest.substring(0, 8)));

        String wrong = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1, 8);
        assertThatThrownBy(() -> ModelFiles.verify(file, new ModelRef("ddcolor", wrong)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("does not match the configured version " + wrong)
                .hasMessageContaining(digest.substring(0, 8));
        assertThatThrownBy(() -> ModelFiles.verify(dir.resolve("missing.onnx"), new ModelRef("ddcolor", wrong)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("does not exist");
    }
}
