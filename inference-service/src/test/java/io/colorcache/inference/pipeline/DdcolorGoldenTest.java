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
 * (default: the committed set), searched recursively for {@code NAME.json}. A golden that names
 * a {@code source} among {@link FormatSamples} (one per format class) starts from that original
 * file, decoded here, and its decoded pixels are compared with OpenCV's too; the others start
 * from the decoded pixels ({@code NAME.src.png}).
 */
class DdcolorGoldenTest {

    private static final Pattern INT_FIELD = Pattern.compile("\"(size|height|width)\"\\s*:\\s*(\\d+)");
    private static final Pattern TEXT_FIELD = Pattern.compile("\"(source|source_sha256)\"\\s*:\\s*\"([^\"]*)\"");
    private static final java.util.Map<String, byte[]> SAMPLES = FormatSamples.all();

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
            Stream<DynamicTest> pipeline = Stream.of(
                    DynamicTest.dynamicTest("model input: " + label, () -> checkInput(golden)),
                    DynamicTest.dynamicTest("colorized output: " + label, () -> checkOutput(golden)));
            return golden.source == null ? pipeline : Stream.concat(Stream.of(
                    DynamicTest.dynamicTest("decoded as OpenCV: " + golden.source, () -> checkDecoding(golden))), pipeline);
        });
    }

    /** The photo a golden's pipeline starts from: its original file decoded here, or OpenCV's decoding. */
    private Photo start(Golden golden) throws Exception {
        if (golden.source == null) {
            return codec.decodePhoto(Files.readAllBytes(golden.file(".src.png")));
        }
        byte[] original = SAMPLES.get(golden.source);
        assertThat(original).as("format sample %s", golden.source).isNotNull();
        assertThat(io.colorcache.protocol.Sha256.hex(original)).as("the bytes the golden was made from")
                .isEqualTo(golden.sourceSha256);
        return codec.decodePhoto(original);
    }

    /** Our decoding of the original against OpenCV's, in levels of the photo's own depth. */
    private void checkDecoding(Golden golden) throws Exception {
        Photo ours = start(golden);
        Photo opencv = codec.decodePhoto(Files.readAllBytes(golden.file(".src.png")));
        assertThat(ours.getClass()).as("sample depth").isEqualTo(opencv.getClass());
        assertThat(ours.width()).isEqualTo(opencv.width());
        assertThat(ours.height()).isEqualTo(opencv.height());
        int[] a = samples(ours);
        int[] e = samples(opencv);
        int max = 0;
        long sum = 0;
        for (int i = 0; i < e.length; i++) {
            int diff = Math.abs(a[i] - e[i]);
            max = Math.max(max, diff);
            sum += diff;
        }
        double mean = (double) sum / e.length;
        double level = ours instanceof Bgr16Image ? 257.0 : 1.0;
        System.out.printf("%s decoded: max %d mean %.3f (levels of %d bits)%n", golden.source, max, mean,
                ours instanceof Bgr16Image ? 16 : 8);
        assertThat(max / level).as("max |diff| from OpenCV, in 8-bit levels").isLessThanOrEqualTo(1);
        assertThat(mean / level).as("mean |diff| from OpenCV, in 8-bit levels").isLessThanOrEqualTo(0.05);
    }

    /** The photo's samples in levels of its own depth. */
    private static int[] samples(Photo photo) {
        int max = photo instanceof Bgr16Image ? 65535 : 255;
        int[] out = new int[3 * photo.width() * photo.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(photo.unit(i) * max);
        }
        return out;
    }

    private void checkInput(Golden golden) throws Exception {
        Photo src = start(golden);
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
        Photo src = start(golden);
        BgrImage expected = codec.decode(Files.readAllBytes(golden.file(".out.png")));
        float[] ab = readFloats(golden.file(".ab.f32"));
        assertThat(ab).hasSize(2 * golden.size * golden.size);

        BgrImage actual = new DdcolorPostprocessor(golden.size).postprocess(src, ab, 0);

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

    private record Golden(Path dir, String name, int size, int height, int width, String source,
            String sourceSha256) {

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
                String source = null;
                String sourceSha256 = null;
                Matcher text = TEXT_FIELD.matcher(json);
                while (text.find()) {
                    if (text.group(1).equals("source")) {
                        source = text.group(2);
                    } else {
                        sourceSha256 = text.group(2);
                    }
                }
                // Goldens of photos outside the format samples start from OpenCV's decoding.
                return new Golden(dir, name, size, height, width, SAMPLES.containsKey(source) ? source : null,
                        sourceSha256);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Path file(String suffix) {
            return dir.resolve(name + suffix);
        }
    }
}
