package io.colorcache.inference.near;

import io.colorcache.protocol.NearIndexEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a near-duplicate of a computed photo is rendered from ({@code cc:near:{model}:ab:{sha}}):
 * the photo's perceptual signature and the model's ab output at S x S, rounded to whole ab units
 * and stored as signed bytes (DDColor's ab lie within [-128, 127]; rounding moves a colour by at
 * most half a unit in a and in b). Layout, big-endian: {@code CCN1}, S (int), hash (long), aspect
 * (float), the thumbnail, then the a plane and the b plane, row by row.
 *
 * @param signature the computed photo's signature
 * @param size      S, the model's input and output size
 * @param ab        the a plane then the b plane, S x S each
 */
public record NearColors(PerceptualSignature signature, int size, byte[] ab) {

    private static final int MAGIC = NearIndexEntry.COLOURS_MAGIC;
    private static final int HEADER = 4 + 4 + 8 + 4;

    public NearColors {
        if (size <= 0 || ab.length != 2 * size * size) {
            throw new IllegalArgumentException("ab holds two planes of " + size + " x " + size);
        }
    }

    /** The model's output for one photo ({@code 2 S S} floats from {@code offset}), rounded. */
    public static NearColors of(PerceptualSignature signature, float[] output, int offset, int size) {
        byte[] ab = new byte[2 * size * size];
        for (int i = 0; i < ab.length; i++) {
            ab[i] = (byte) Math.max(-128, Math.min(127, Math.round(output[offset + i])));
        }
        return new NearColors(signature, size, ab);
    }

    /** The ab planes as the post-processor takes them. */
    public float[] planes() {
        float[] planes = new float[ab.length];
        for (int i = 0; i < ab.length; i++) {
            planes[i] = ab[i];
        }
        return planes;
    }

    public byte[] encode() {
        byte[] thumbnail = signature.thumbnail();
        ByteBuffer out = ByteBuffer.allocate(HEADER + thumbnail.length + ab.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(MAGIC).putInt(size).putLong(signature.hash()).putFloat(signature.aspect());
        out.put(thumbnail).put(ab);
        return out.array();
    }

    /** The stored form back; an {@link IllegalArgumentException} for anything else. */
    public static NearColors decode(byte[] stored) {
        int thumbnailLength = PerceptualSignature.THUMB * PerceptualSignature.THUMB;
        if (stored.length < HEADER + thumbnailLength) {
            throw new IllegalArgumentException("not near colours: " + stored.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(stored).order(ByteOrder.BIG_ENDIAN);
        if (in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not near colours: wrong magic");
        }
        int size = in.getInt();
        long hash = in.getLong();
        float aspect = in.getFloat();
        if (size <= 0 || size > 4096 || stored.length != HEADER + thumbnailLength + 2L * size * size) {
            throw new IllegalArgumentException("near colours of size " + size + " cannot be " + stored.length + " bytes");
        }
        byte[] thumbnail = new byte[thumbnailLength];
        in.get(thumbnail);
        byte[] ab = new byte[2 * size * size];
        in.get(ab);
        return new NearColors(new PerceptualSignature(hash, aspect, thumbnail), size, ab);
    }
}
