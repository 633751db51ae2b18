package io.colorcache.bench;

import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.DdcolorPreprocessor;
import io.colorcache.inference.pipeline.ImageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DDColor pre- and post-processing at S = 512 on a 1 MP and a 12 MP photo. The photos are the
 * PNG files {@code bench/run-pipeline.sh} writes (folder: system property {@code bench.photos}),
 * the same pixels the OpenCV side of the comparison reads. Post-processing runs in place, as in
 * the worker; its cost depends on which pixels are gray (their L is one table read), not on
 * the colours it writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class PipelineBenchmark {

    private static final int SIZE = 512;

    @Param({"1mp", "12mp"})
    public String photo;

    private BgrImage image;
    private float[] input;
    private float[] ab;
    private final DdcolorPreprocessor pre = new DdcolorPreprocessor(SIZE);
    private final DdcolorPostprocessor post = new DdcolorPostprocessor(SIZE);

    @Setup
    public void load() throws Exception {
        Path dir = Path.of(System.getProperty("bench.photos", "bench/target/photos"));
        image = new ImageCodec(100_000_000L, 0.92f).decode(Files.readAllBytes(dir.resolve(photo + ".png")));
        input = new float[pre.inputLength()];
        ab = syntheticAb(SIZE);
    }

    @Benchmark
    public float[] preprocess() {
        pre.preprocess(image, input, 0);
        return input;
    }

    @Benchmark
    public BgrImage postprocess() {
        return post.postprocess(image, ab, 0);
    }

    /** The ab planes ddcolor_golden.py uses: a = 60 sin(2 pi x/S) cos(pi y/S), b = 50 cos(2 pi y/S) - 10. */
    static float[] syntheticAb(int size) {
        float[] ab = new float[2 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                ab[y * size + x] = (float) (60 * Math.sin(2 * Math.PI * x / size) * Math.cos(Math.PI * y / size));
                ab[size * size + y * size + x] = (float) (50 * Math.cos(2 * Math.PI * y / size) - 10);
            }
        }
        return ab;
    }
}
