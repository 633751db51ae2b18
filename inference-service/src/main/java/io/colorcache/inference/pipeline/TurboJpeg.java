package io.colorcache.inference.pipeline;

import io.quarkus.logging.Log;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * JPEG through libjpeg-turbo's TurboJPEG, via its Java binding as Debian ships it
 * ({@code libturbojpeg-java}: {@code /usr/share/java/turbojpeg.jar} plus the JNI code in
 * {@code libturbojpeg.so}). It is loaded at run time from that jar, because no Maven artifact
 * exists; where it is not installed, {@link ImageCodec} uses ImageIO. Measured here it decodes
 * about 5x and encodes about 5x faster than Temurin's ImageIO (bench/README.md), and it decodes
 * with the same library and settings as OpenCV's {@code imread} (accurate DCT, fancy upsampling).
 */
public final class TurboJpeg {

    /** Where Debian's libturbojpeg-java puts the binding. */
    public static final Path DEBIAN_JAR = Path.of("/usr/share/java/turbojpeg.jar");

    private static final int SUBSAMPLING_420 = 2;
    private static final int PIXEL_FORMAT_BGR = 1;
    private static final int PIXEL_FORMAT_CMYK = 11;
    private static final int COLORSPACE_CMYK = 3;
    private static final int COLORSPACE_YCCK = 4;
    /** TJFLAG_LIMITSCANS: refuse progressive JPEGs of more than 500 scans (a decoding-time bomb). */
    private static final int FLAG_LIMIT_SCANS = 32768;

    private final MethodHandle newDecompressor;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle colorspace;
    private final MethodHandle decompress;
    private final MethodHandle closeDecompressor;
    private final MethodHandle newCompressor;
    private final MethodHandle setSubsampling;
    private final MethodHandle setQuality;
    private final MethodHandle compress;
    private final MethodHandle compressedSize;
    private final MethodHandle closeCompressor;

    private TurboJpeg(Class<?> decompressor, Class<?> compressor) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        newDecompressor = lookup.findConstructor(decompressor, MethodType.methodType(void.class, byte[].class));
        width = lookup.findVirtual(decompressor, "getWidth", MethodType.methodType(int.class));
        height = lookup.findVirtual(decompressor, "getHeight", MethodType.methodType(int.class));
        colorspace = lookup.findVirtual(decompressor, "getColorspace", MethodType.methodType(int.class));
        decompress = lookup.findVirtual(decompressor, "decompress", MethodType.methodType(void.class, byte[].class,
                int.class, int.class, int.class, int.class, int.class, int.class, int.class));
        closeDecompressor = lookup.findVirtual(decompressor, "close", MethodType.methodType(void.class));
        newCompressor = lookup.findConstructor(compressor, MethodType.methodType(void.class, byte[].class,
                int.class, int.class, int.class, int.class, int.class, int.class));
        setSubsampling = lookup.findVirtual(compressor, "setSubsamp", MethodType.methodType(void.class, int.class));
        setQuality = lookup.findVirtual(compressor, "setJPEGQuality", MethodType.methodType(void.class, int.class));
        compress = lookup.findVirtual(compressor, "compress", MethodType.methodType(byte[].class, int.class));
        compressedSize = lookup.findVirtual(compressor, "getCompressedSize", MethodType.methodType(int.class));
        closeCompressor = lookup.findVirtual(compressor, "close", MethodType.methodType(void.class));
    }

    /**
     * Loads the binding from {@code jar} and proves it with one round trip; empty (with one log
     * line) when the jar or its native library is missing or does not work.
     */
    public static Optional<TurboJpeg> load(Path jar) {
        if (!Files.isRegularFile(jar)) {
            Log.infof("TurboJPEG binding not installed (%s); JPEG goes through ImageIO", jar);
            return Optional.empty();
        }
        try {
            ClassLoader loader = bindingLoader(jar);
            TurboJpeg turbo = new TurboJpeg(
                    Class.forName("org.libjpegturbo.turbojpeg.TJDecompressor", true, loader),
                    Class.forName("org.libjpegturbo.turbojpeg.TJCompressor", true, loader));
            BgrImage probe = BgrImage.blank(16, 8);
            BgrImage back = turbo.decode(turbo.encode(probe, 90), Long.MAX_VALUE);
            if (back.width() != 16 || back.height() != 8) {
                throw new IllegalStateException("round trip changed the size");
            }
            Log.infof("JPEG through libjpeg-turbo's TurboJPEG (%s)", jar);
            return Optional.of(turbo);
        } catch (Throwable e) {
            Log.warnf("TurboJPEG binding at %s cannot be used (%s); JPEG goes through ImageIO", jar, e);
            return Optional.empty();
        }
    }

    /**
     * One class loader per JVM for the binding: its native library can belong to one class loader
     * only, and an application restarted inside the same JVM (as Quarkus tests do) must find the
     * one that already holds it. The loader is kept in the system properties, which outlive
     * application class loaders.
     */
    private static synchronized ClassLoader bindingLoader(Path jar) throws java.net.MalformedURLException {
        String key = TurboJpeg.class.getName() + ".loader:" + jar.toAbsolutePath();
        if (System.getProperties().get(key) instanceof ClassLoader existing) {
            return existing;
        }
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        System.getProperties().put(key, loader);
        return loader;
    }

    /** Decodes a JPEG to BGR; CMYK and YCCK through libjpeg's CMYK output, as OpenCV converts it. */
    public BgrImage decode(byte[] jpeg, long maxPixels) throws Exception {
        Object decompressor = invoke(newDecompressor, jpeg);
        try {
            int w = (int) invoke(width, decompressor);
            int h = (int) invoke(height, decompressor);
            if ((long) w * h > maxPixels) {
                throw new UndecodableImageException("image has " + (long) w * h + " pixels, more than the limit of "
                        + maxPixels);
            }
            int space = (int) invoke(colorspace, decompressor);
            if (space == COLORSPACE_CMYK || space == COLORSPACE_YCCK) {
                byte[] cmyk = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 4)];
                invoke(decompress, decompressor, cmyk, 0, 0, w, w * 4, h, PIXEL_FORMAT_CMYK, FLAG_LIMIT_SCANS);
                return ImageCodec.cmykToBgr(java.awt.image.Raster.createInterleavedRaster(
                        new java.awt.image.DataBufferByte(cmyk, cmyk.length), w, h, w * 4, 4, new int[] {0, 1, 2, 3},
                        null), true);
            }
            BgrImage image = BgrImage.blank(w, h);
            invoke(decompress, decompressor, image.bgr(), 0, 0, w, w * 3, h, PIXEL_FORMAT_BGR, FLAG_LIMIT_SCANS);
            return image;
        } finally {
            invoke(closeDecompressor, decompressor);
        }
    }

    /** Encodes BGR as a 4:2:0 JPEG of quality 1..100. */
    public byte[] encode(BgrImage image, int quality) throws Exception {
        Object compressor = invoke(newCompressor, image.bgr(), 0, 0, image.width(), image.width() * 3, image.height(),
                PIXEL_FORMAT_BGR);
        try {
            invoke(setSubsampling, compressor, SUBSAMPLING_420);
            invoke(setQuality, compressor, quality);
            byte[] buffer = (byte[]) invoke(compress, compressor, 0);
            return Arrays.copyOf(buffer, (int) invoke(compressedSize, compressor));
        } finally {
            invoke(closeCompressor, compressor);
        }
    }

    private static Object invoke(MethodHandle handle, Object... args) throws Exception {
        try {
            return handle.invokeWithArguments(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
