package io.colorcache.testsupport;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;

/** The Redis keys and the model of the services' {@code %test} profiles, named as the services name them. */
public final class TestKeys {

    /** The key schema under the default prefix. */
    public static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    /** The model the test profiles declare ({@code colorcache.model.id} and {@code version}). */
    public static final ModelRef MODEL = new ModelRef("ddcolor-test", "0123abcd");

    private TestKeys() {
    }

    /** The key of the test model's result for the photo with {@code sha256}. */
    public static String result(OutputFormat format, String sha256) {
        return KEYS.result(MODEL, format, sha256);
    }
}
