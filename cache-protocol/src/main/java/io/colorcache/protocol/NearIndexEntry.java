package io.colorcache.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One computed photo in the near-duplicate index, as the worker writes it and an erasure removes
 * it: a member {@code <hash as 16 hex digits><sha256>} of one sorted set per 16-bit band of its
 * perceptual hash ({@link KeySchema#nearBand}).
 *
 * @param hash   the photo's 64-bit perceptual hash
 * @param sha256 the photo's SHA-256, lower-case hex
 */
public record NearIndexEntry(long hash, String sha256) {

    /** The hash's bands of 16 bits, band 0 the highest. */
    public static final int BANDS = 4;
    /** The first four bytes of stored near colours ({@code CCN1}); S and the hash follow, big-endian. */
    public static final int COLOURS_MAGIC = 0x43434e31;
    private static final int HASH_OFFSET = 8;
    private static final int HEX_LENGTH = 16;

    public NearIndexEntry {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
    }

    /** The value of band {@code band} of {@code hash}. */
    public static int band(long hash, int band) {
        return (int) (hash >>> (16 * (BANDS - 1 - band))) & 0xffff;
    }

    public String member() {
        return String.format(Locale.ROOT, "%016x", hash) + sha256;
    }

    /** The entry a member names; an {@link IllegalArgumentException} for anything else. */
    public static NearIndexEntry parse(String member) {
        if (member == null || member.length() != HEX_LENGTH + 64) {
            throw new IllegalArgumentException("not a near index member: " + member);
        }
        try {
            return new NearIndexEntry(Long.parseUnsignedLong(member.substring(0, HEX_LENGTH), 16),
                    member.substring(HEX_LENGTH));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a near index member: " + member, e);
        }
    }

    /** The sorted sets that hold this entry, one per band. */
    public List<String> bandKeys(KeySchema keys, ModelRef model) {
        List<String> bandKeys = new ArrayList<>(BANDS);
        for (int b = 0; b < BANDS; b++) {
            bandKeys.add(keys.nearBand(model, b, band(hash, b)));
        }
        return bandKeys;
    }

    /** The hash recorded in stored near colours ({@link KeySchema#nearColors}); empty when they are not. */
    public static OptionalLong hashOfColours(byte[] stored) {
        if (stored == null || stored.length < HASH_OFFSET + Long.BYTES
                || ByteBuffer.wrap(stored).getInt() != COLOURS_MAGIC) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(stored).getLong(HASH_OFFSET));
    }
}
