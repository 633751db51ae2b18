package io.colorcache.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java pre- and post-processing against golden files computed with OpenCV by
 * {@code ddcolor_golden.py}. The folder comes from the system property {@code golden.dir}
 * (default: the committed set), searched recursively for {@code NAME.json}.
 */
class DdcolorGoldenTest {

    private static final Pattern INT_FIELD = Pattern.compile("\"(size|height|width)\"\\s*:\\s*(\\d+)");

    private final ImageCodec codec = new ImageCodec(100_000_000L, 0.92f);

    @TestFactory
    Stream<DynamicTest> matchesOpenCv() throws IOException {
        Path dir = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
        List<Path> cases;
        try (Stream<Path> files = Files.walk(dir)) {
            cases = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertThat(cases).as("golden cases under %s", dir.toAbsolutePath()).isNotEmpty();
        return cases.stream().flatMap(json -> {
            String name = json.getFileName().toString().replaceFirst("\\.json$", "");
            Golden golden = Golden.read(json.getParent(), name);
            String label = name + " S=" + golden.size;
            return Stream.of(
                    DynamicTest.dynamicTest("model input: " + label, () -> checkInput(golden)),
                    DynamicTest.dynamicTest("colorized output: " + label, () -> checkOutput(golden)));
        });
    }

    private void checkInput(Golden golden) throws Exception {
        BgrImage src = codec.decode(Files.readAllBytes(golden.file(".src.png")));
        assertThat(src.width()).isEqualTo(golden.width);
        assertThat(src.height()).isEqualTo(golden.height);
        float[] expected = readFloats(golden.file(".input.f32"));
        DdcolorPreprocessor pre = new DdcolorPreprocessor(golden.size);
        float[] actual = new float[pre.inputLength()];
        pre.preprocess(src, actual, 0);

        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            max = Math.max(max, diff);
            sum += diff;
        }
        double mean = sum / expected.length;
        System.out.printf("%s S=%d input: max %.2e mean %.2e%n", golden.name, golden.size, max, mean);
        assertThat(max).as("max |diff| of the model input").isLessThanOrEqualTo(5e-3);
        assertThat(mean).as("mean |diff| of the model input").isLessThanOrEqualTo(1.5e-3);
    }

    private void checkOutput(Golden golden) throws Exception {
        BgrImage src = codec.decode(Files.readAllBytes(golden.file(".src.png")));
        BgrImage expected = codec.decode(Files.readAllBytes(golden.file(".out.png")));
        float[] ab = readFloats(golden.file(".ab.f32"));
        assertThat(ab).hasSize(2 * golden.size * golden.size);

        BgrImage actual = new DdcolorPostprocessor(golden.size).postprocessInPlace(src, ab, 0);

        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        byte[] a = actual.bgr();
        byte[] e = expected.bgr();
        int max = 0;
        long sum = 0;
        long withinOne = 0;
        for (int i = 0; i < e.length; i++) {
            int diff = Math.abs((a[i] & 0xff) - (e[i] & 0xff));
            max = Math.max(max, diff);
            sum += diff;
            if (diff <= 1) {
                withinOne++;
            }
        }
        double mean = (double) sum / e.length;
        double share = (double) withinOne / e.length;
        System.out.printf("%s S=%d output: max %d mean %.3f within 1 level %.4f%%%n",
                golden.name, golden.size, max, mean, share * 100);
        assertThat(max).as("max level difference of the output").isLessThanOrEqualTo(4);
        assertThat(mean).as("mean level difference of the output").isLessThanOrEqualTo(0.3);
        assertThat(share).as("share of channel values within 1 level").isGreaterThanOrEqualTo(0.999);
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private record Golden(Path dir, String name, int size, int height, int width) {

        static Golden read(Path dir, String name) {
            try {
                String json = Files.readString(dir.resolve(name + ".json"));
                Matcher m = INT_FIELD.matcher(json);
                int size = 0;
                int height = 0;
                int width = 0;
                while (m.find()) {
                    int value = Integer.parseInt(m.group(2));
                    switch (m.group(1)) {
                        case "size" -> size = value;
                        case "height" -> height = value;
                        default -> width = value;
                    }
                }
                return new Golden(dir, name, size, height, width);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Path file(String suffix) {
            return dir.resolve(name + suffix);
        }
    }
}
