package io.colorcache.inference.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.inference.pipeline.DdcolorPreprocessor;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.NearIndexEntry;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.QueuedJobs;
import io.colorcache.testsupport.QueuedJobs.Queued;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate reuse in the worker, with a model whose colours depend on content, a real Redis
 * and the sample photos: a computed photo leaves its near colours and index entries; a re-encoded,
 * resized copy is answered from them without the model, by the near readers or by the model's own
 * pipeline; an unrelated photo of the same size, and a copy that opted out, run the model.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "near", value = "true"))
class NearReuseTest {

    private static final Path SAMPLES = Path.of("../samples/photos");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ModelHolder model;

    @Inject
    KeySchema keys;

    @Inject
    JobProcessor processor;

    @Test
    void aReEncodedResizedCopyIsRenderedFromTheOriginalsColoursAndOptingOutRunsTheModel() throws Exception {
        BufferedImage base = sample("louis-armstrong-practicing-in-his-dressi.jpg");
        byte[] original = GeneratedImages.encode(base, "png");
        BufferedImage smaller = GeneratedImages.resized(base, base.getWidth() * 3 / 4, base.getHeight() * 3 / 4);
        byte[] copy = GeneratedImages.jpeg(smaller, 0.75f);

        try (RespClient redis = RedisTestResource.server().client()) {
            JobRecord computed = finished(redis, enqueue(redis, original, OutputFormat.PNG, true));
            assertThat(computed.near()).isFalse();
            assertThat(computed.computations()).isEqualTo(1);
            String coloursKey = keys.nearColors(model.model(), Sha256.hex(original));
            await().atMost(WAIT).until(() -> redis.number("EXISTS", coloursKey) == 1);
            assertThat(redis.number("PTTL", coloursKey)).as("as long as the result").isGreaterThan(
                    Duration.ofDays(6).toMillis());
            OptionalLong hash = NearIndexEntry.hashOfColours(redis.bytes("GET", coloursKey));
            NearIndexEntry entry = new NearIndexEntry(hash.orElseThrow(), Sha256.hex(original));
            for (String band : entry.bandKeys(keys, model.model())) {
                assertThat(redis.string("ZSCORE", band, entry.member())).as(band).isNotNull();
            }

            Queued near = enqueue(redis, copy, OutputFormat.PNG, true);
            JobRecord reused = finished(redis, near);
            assertThat(reused.near()).as("rendered from the original's colours").isTrue();
            assertThat(reused.computations()).isZero();
            BufferedImage rendered = ImageIO.read(new ByteArrayInputStream(redis.bytes("GET", near.resultKey())));
            assertThat(rendered.getWidth()).isEqualTo(smaller.getWidth());
            assertThat(rendered.getHeight()).isEqualTo(smaller.getHeight());
            assertThat(redis.number("EXISTS", keys.nearColors(model.model(), Sha256.hex(copy))))
                    .as("a near render is not indexed itself").isZero();

            // The copy again, opted out (match=exact), its near render removed first: the model runs.
            redis.run("DEL", near.resultKey());
            Queued exact = enqueue(redis, copy, OutputFormat.PNG, false);
            JobRecord computedCopy = finished(redis, exact);
            assertThat(computedCopy.near()).isFalse();
            assertThat(computedCopy.computations()).isEqualTo(1);
            BufferedImage fresh = ImageIO.read(new ByteArrayInputStream(redis.bytes("GET", exact.resultKey())));

            double difference = meanDifference(rendered, fresh);
            double chroma = meanChroma(fresh);
            System.out.printf("near render vs model: mean |diff| %.2f; the model's mean chroma %.1f%n", difference, chroma);
            assertThat(chroma).as("colourful enough for the comparison to mean something").isGreaterThan(10);
            assertThat(difference).as("the near render against the model's own answer").isLessThan(chroma / 20);
        }
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.matchesPattern(
                "(?s).*colorcache_inference_near_hits_total [1-9].*"));
    }

    @Test
    void anUnrelatedPhotoOfTheSameSizeRunsTheModel() throws Exception {
        BufferedImage base = sample("ansel-adams-moore-photography.jpg");
        BufferedImage other = sample("new-york-riverfront-december-15-1931.jpg");
        BufferedImage sameSize = GeneratedImages.resized(other, base.getWidth(), base.getHeight());
        try (RespClient redis = RedisTestResource.server().client()) {
            finished(redis, enqueue(redis, GeneratedImages.encode(base, "png"), OutputFormat.JPEG, true));
            JobRecord unrelated = finished(redis, enqueue(redis, GeneratedImages.jpeg(sameSize, 0.9f),
                    OutputFormat.JPEG, true));
            assertThat(unrelated.near()).isFalse();
            assertThat(unrelated.computations()).isEqualTo(1);
        }
    }

    @Test
    void theModelsPipelineAnswersANearCopyItselfWithoutTheModel() throws Exception {
        BufferedImage base = sample("buffalo-bank-buffalo-new-york-circa-1908.jpg");
        byte[] copy = GeneratedImages.jpeg(base, 0.5f);
        try (RespClient redis = RedisTestResource.server().client()) {
            finished(redis, enqueue(redis, GeneratedImages.encode(base, "png"), OutputFormat.PNG, true));
            await().atMost(WAIT).until(() -> redis.number("EXISTS",
                    keys.nearColors(model.model(), Sha256.hex(GeneratedImages.encode(base, "png")))) == 1);

            // Not on the stream: handed to the pipeline's first half as the model's group would.
            String sha = Sha256.hex(copy);
            redis.run("SET", keys.input(sha), copy, "PX", "600000");
            JobMessage exact = job(sha, OutputFormat.JPEG, false);
            assertThat(processor.answerIfNear(exact)).as("opted out: left to the model").isFalse();
            JobMessage job = job(sha, OutputFormat.PNG, true);
            redis.hset(keys.job(job.jobId()), JobRecord.queued(job));
            JobProcessor.Prepared prepared = processor.prepare(job, new DdcolorPreprocessor(DemoModelTestResource.SIZE),
                    "near-test");
            assertThat(prepared).isInstanceOf(JobProcessor.Ended.class);
            assertThat(((JobProcessor.Ended) prepared).outcome().ok()).isTrue();
            JobRecord record = redis.job(keys.job(job.jobId())).orElseThrow();
            assertThat(record.state()).isEqualTo(JobState.DONE);
            assertThat(record.near()).isTrue();
            assertThat(redis.number("EXISTS", job.resultKey())).isEqualTo(1);
        }
    }

    private JobMessage job(String sha, OutputFormat format, boolean nearAllowed) {
        return new JobMessage(JobIds.next(), keys.result(model.model(), format, sha), keys.input(sha), sha, format,
                System.currentTimeMillis(), "", Priority.INTERACTIVE, nearAllowed);
    }

    private Queued enqueue(RespClient redis, byte[] upload, OutputFormat format, boolean nearAllowed) {
        return QueuedJobs.enqueue(redis, keys, model.model(), upload, format, nearAllowed);
    }

    private JobRecord finished(RespClient redis, Queued job) {
        await().atMost(WAIT).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.DONE));
        return redis.job(keys.job(job.jobId())).orElseThrow();
    }

    private static BufferedImage sample(String name) throws IOException {
        BufferedImage image = ImageIO.read(SAMPLES.resolve(name).toFile());
        return GeneratedImages.resized(image, image.getWidth(), image.getHeight());
    }

    /** Mean of max(R, G, B) - min(R, G, B): 0 for a gray image. */
    private static double meanChroma(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                sum += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
            }
        }
        return (double) sum / ((long) image.getWidth() * image.getHeight());
    }

    /** Mean absolute difference of the RGB samples of two images of one size. */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift : List.of(0, 8, 16)) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return (double) sum / (3L * a.getWidth() * a.getHeight());
    }
}
