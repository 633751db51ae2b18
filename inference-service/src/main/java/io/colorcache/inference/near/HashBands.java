package io.colorcache.inference.near;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-index hashing of 64-bit perceptual hashes: four bands of 16 bits, each indexed on its
 * own. Two hashes within {@code r} bits of each other differ in at most {@code floor(r / 4)} bits
 * in at least one band (pigeonhole), so probing each band's value and every value within that
 * many bits of it finds every hash within {@code r}, with no scan: 4 probes up to r = 3, 68 up to
 * r = 7.
 */
public final class HashBands {

    public static final int BANDS = io.colorcache.protocol.NearIndexEntry.BANDS;
    public static final int MAX_RADIUS = 7;

    private HashBands() {
    }

    /** Band {@code band} (0 = the highest 16 bits) of the hash. */
    public static int value(long hash, int band) {
        return io.colorcache.protocol.NearIndexEntry.band(hash, band);
    }

    /** A band value to look up, for one band. */
    public record Probe(int band, int value) {
    }

    /** Every band value to look up to find all hashes within {@code radius} bits of {@code hash}. */
    public static List<Probe> probes(long hash, int radius) {
        if (radius < 0 || radius > MAX_RADIUS) {
            throw new IllegalArgumentException("the radius is 0 to " + MAX_RADIUS + ": " + radius);
        }
        List<Probe> probes = new ArrayList<>();
        boolean neighbours = radius / BANDS >= 1;
        for (int band = 0; band < BANDS; band++) {
            int value = value(hash, band);
            probes.add(new Probe(band, value));
            if (neighbours) {
                for (int bit = 0; bit < 16; bit++) {
                    probes.add(new Probe(band, value ^ (1 << bit)));
                }
            }
        }
        return probes;
    }
}
