package io.colorcache.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 8-bit shortcuts of {@link OpenCvLightness} give exactly the values of its general path. */
class OpenCvLightnessTest {

    private static float unit(int v) {
        return (float) (v / 255.0);
    }

    @Test
    void grayLevelsReadFromTheTableAreTheGeneralPathsValues() {
        for (int v = 0; v < 256; v++) {
            assertThat(OpenCvLightness.GRAY8[v]).as("gray %d", v).isEqualTo(OpenCvLightness.of(unit(v), unit(v), unit(v)));
        }
    }

    @Test
    void eightBitPixelsGiveTheGeneralPathsValuesBitForBit() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int r = random.nextInt(256);
            int g = random.nextInt(256);
            int b = random.nextInt(256);
            assertThat(OpenCvLightness.of8(r, g, b)).as("(%d, %d, %d)", r, g, b)
                    .isEqualTo(OpenCvLightness.of(unit(r), unit(g), unit(b)));
        }
        for (int extreme : new int[] {0, 1, 127, 128, 254, 255}) {
            assertThat(OpenCvLightness.of8(extreme, 255 - extreme, extreme))
                    .isEqualTo(OpenCvLightness.of(unit(extreme), unit(255 - extreme), unit(extreme)));
        }
    }
}
