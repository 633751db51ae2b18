package io.colorcache.inference.pipeline;

import com.luciad.imageio.webp.internal.NativeLoader;
import io.quarkus.logging.Log;

/** Whether webp-imageio's libwebp loads on this machine (it ships builds for the usual platforms). */
final class WebpNative {

    private static final boolean AVAILABLE = load();

    private WebpNative() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        try {
            return NativeLoader.initialize();
        } catch (LinkageError | RuntimeException e) {
            Log.warnf("libwebp (webp-imageio) cannot load here (%s): WebP uploads are decoded by TwelveMonkeys' "
                    + "pure-Java reader, which renders lossy WebP slightly differently", e);
            return false;
        }
    }
}
