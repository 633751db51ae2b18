package io.colorcache.bench;

import io.colorcache.inference.near.NearColors;
import io.colorcache.inference.near.PerceptualSignature;
import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.inference.pipeline.Photo;
import io.colorcache.inference.pipeline.TurboJpeg;
import io.colorcache.inference.pipeline.UndecodableImageException;
import io.colorcache.protocol.OutputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU work of one near answer for the latency set's 1 MP JPEG (system property
 * {@code bench.near.photo}), each step alone and all four in a row, as the worker does them:
 * decode (TurboJPEG), signature, render (the photo's own L with stored S = 256 colours, in place,
 * rows on the common pool as in the worker) and JPEG encode. No Redis, no HTTP, no queue: the
 * floor under a near hit's latency on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class NearAnswerBenchmark {

    private static final int SIZE = 256;

    private ImageCodec codec;
    private byte[] jpeg;
    private Photo decoded;
    private NearColors colors;

    @Setup
    public void load() throws Exception {
        Optional<TurboJpeg> turbo = TurboJpeg.load(TurboJpeg.DEBIAN_JAR);
        if (turbo.isEmpty()) {
            throw new IllegalStateException("TurboJPEG is not available (" + TurboJpeg.DEBIAN_JAR + "): the worker"
                    + " uses it for JPEG; install libturbojpeg-java");
        }
        codec = new ImageCodec(100_000_000L, 0.92f, turbo);
        jpeg = Files.readAllBytes(Path.of(System.getProperty("bench.near.photo",
                "bench/target/near-sets/latency/near-q75.jpg")));
        decoded = codec.decodePhoto(jpeg);
        colors = NearColors.of(PerceptualSignature.of(decoded), PipelineBenchmark.syntheticAb(SIZE), 0, SIZE);
    }

    @Benchmark
    public Photo decode() throws UndecodableImageException {
        return codec.decodePhoto(jpeg);
    }

    @Benchmark
    public PerceptualSignature signature() {
        return PerceptualSignature.of(decoded);
    }

    /** Renders onto the decoded photo again and again: the cost does not depend on which colours it holds. */
    @Benchmark
    public BgrImage render() {
        return new DdcolorPostprocessor(colors.size()).postprocess(decoded, colors.planes(), 0);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(decoded.toBgr8(), OutputFormat.JPEG);
    }

    @Benchmark
    public byte[] all() throws UndecodableImageException {
        Photo photo = codec.decodePhoto(jpeg);
        PerceptualSignature.of(photo);
        return codec.encode(new DdcolorPostprocessor(colors.size()).postprocess(photo, colors.planes(), 0),
                OutputFormat.JPEG);
    }
}
