package io.colorcache.inference.near;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every hash within the radius shares a probed band value; none is missed. */
class HashBandsTest {

    @Test
    void everyHashWithinTheRadiusIsFoundByTheProbes() {
        Random random = new Random(18);
        for (int radius = 0; radius <= HashBands.MAX_RADIUS; radius++) {
            for (int trial = 0; trial < 2000; trial++) {
                long hash = random.nextLong();
                long near = hash;
                Set<Integer> flipped = new HashSet<>();
                while (flipped.size() < radius) {
                    flipped.add(random.nextInt(64));
                }
                for (int bit : flipped) {
                    near ^= 1L << bit;
                }
                Set<HashBands.Probe> probes = new HashSet<>(HashBands.probes(hash, radius));
                boolean found = false;
                for (int band = 0; band < HashBands.BANDS; band++) {
                    found |= probes.contains(new HashBands.Probe(band, HashBands.value(near, band)));
                }
                assertThat(found).as("radius %d, %016x vs %016x", radius, hash, near).isTrue();
            }
        }
    }

    @Test
    void bandsAreTheHashsSixteenBitQuarters() {
        long hash = 0x0123_4567_89ab_cdefL;
        assertThat(List.of(HashBands.value(hash, 0), HashBands.value(hash, 1), HashBands.value(hash, 2),
                HashBands.value(hash, 3))).containsExactly(0x0123, 0x4567, 0x89ab, 0xcdef);
        assertThat(HashBands.probes(hash, 3)).hasSize(4);
        assertThat(HashBands.probes(hash, 7)).hasSize(68);
        assertThatThrownBy(() -> HashBands.probes(hash, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
