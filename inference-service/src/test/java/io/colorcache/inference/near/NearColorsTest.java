package io.colorcache.inference.near;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored near colours: a round trip keeps everything, and rounding moves ab by half a unit at most. */
class NearColorsTest {

    @Test
    void aRoundTripKeepsTheSignatureAndTheRoundedPlanes() {
        Random random = new Random(7);
        int size = 16;
        float[] output = new float[3 + 2 * size * size];
        for (int i = 0; i < output.length; i++) {
            output[i] = (random.nextFloat() - 0.5f) * 300;
        }
        byte[] thumbnail = new byte[PerceptualSignature.THUMB * PerceptualSignature.THUMB];
        random.nextBytes(thumbnail);
        PerceptualSignature signature = new PerceptualSignature(0x0123456789abcdefL, 1.5f, thumbnail);

        NearColors colors = NearColors.of(signature, output, 3, size);
        NearColors back = NearColors.decode(colors.encode());

        assertThat(back.size()).isEqualTo(size);
        assertThat(back.signature().hash()).isEqualTo(signature.hash());
        assertThat(back.signature().aspect()).isEqualTo(1.5f);
        assertThat(back.signature().thumbnail()).isEqualTo(thumbnail);
        float[] planes = back.planes();
        for (int i = 0; i < planes.length; i++) {
            float expected = Math.max(-128, Math.min(127, output[3 + i]));
            assertThat(Math.abs(planes[i] - expected)).as("sample %d", i).isLessThanOrEqualTo(0.5f);
        }
    }

    @Test
    void anythingElseIsRefused() {
        byte[] valid = NearColors.of(new PerceptualSignature(1, 1, new byte[4096]), new float[8], 0, 2).encode();
        assertThatThrownBy(() -> NearColors.decode(Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> NearColors.decode(wrongMagic)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearColors.decode(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
