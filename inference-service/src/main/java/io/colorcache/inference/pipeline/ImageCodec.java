package io.colorcache.inference.pipeline;

import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.image.ImageInfo;
import io.colorcache.protocol.image.ImageInspector;
import io.colorcache.protocol.image.InvalidImageException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Decodes uploads into {@link BgrImage} and encodes results, through ImageIO (with the
 * TwelveMonkeys TIFF and WebP plugins) and TurboJPEG where installed. Pixels are the file's
 * true values, as OpenCV's {@code IMREAD_UNCHANGED} reads them ({@link TrueSamples}): gray
 * becomes three equal channels, alpha is composited on white, CMYK JPEGs are converted as
 * libjpeg stores them (Adobe-inverted), and the EXIF orientation is applied, so the image is
 * the one a viewer displays.
 */
public final class ImageCodec {

    private final long maxPixels;
    private final ImageInspector inspector;
    private final float jpegQuality;
    private final Optional<TurboJpeg> turbo;

    static {
        // No temporary files: the service runs on a read-only root file system.
        ImageIO.setUseCache(false);
        // The TIFF and WebP readers come from this application's class path, which ImageIO's
        // registry, set up from the system class loader, does not see on its own.
        ImageIO.scanForPlugins();
    }

    /** ImageIO for every format. */
    public ImageCodec(long maxPixels, float jpegQuality) {
        this(maxPixels, jpegQuality, Optional.empty());
    }

    /** JPEG through TurboJPEG when given (ImageIO where it fails), ImageIO for the rest. */
    public ImageCodec(long maxPixels, float jpegQuality, Optional<TurboJpeg> turbo) {
        if (jpegQuality <= 0 || jpegQuality > 1) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1]: " + jpegQuality);
        }
        this.maxPixels = maxPixels;
        this.inspector = new ImageInspector(maxPixels);
        this.jpegQuality = jpegQuality;
        this.turbo = turbo;
    }

    /**
     * The pixels this upload holds in memory while it is processed, in 8-bit pixels (3 bytes),
     * from its header, without decoding: width times height; three times that for 16-bit
     * samples (6 bytes, then a separate 8-bit result); twice when its EXIF orientation turns it.
     * The upload's structure is checked as the gateway checks it (a job message names its
     * input; the worker trusts no upload), so a JPEG with too many scans never reaches a decoder.
     */
    public long pixels(byte[] encoded) throws UndecodableImageException {
        try {
            ImageInfo info = inspector.inspect(encoded);
            long pixels = info.bitsPerSample() > 8 ? 3 * info.pixels() : info.pixels();
            return ExifOrientation.of(encoded) == ExifOrientation.NORMAL ? pixels : 2 * pixels;
        } catch (InvalidImageException e) {
            throw new UndecodableImageException(e.getMessage());
        }
    }

    /** The photo as displayed, 16-bit samples kept: decoded, then turned by its EXIF orientation. */
    public Photo decodePhoto(byte[] encoded) throws UndecodableImageException {
        return Orientation.apply(decodeAsStored(encoded), ExifOrientation.of(encoded));
    }

    /** {@link #decodePhoto} with 8-bit samples. */
    public BgrImage decode(byte[] encoded) throws UndecodableImageException {
        return decodePhoto(encoded).toBgr8();
    }

    private Photo decodeAsStored(byte[] encoded) throws UndecodableImageException {
        if (turbo.isPresent() && isJpeg(encoded)) {
            // Every JPEG the gateway accepts, CMYK included; no ImageIO retry, which has no scan limit.
            try {
                return turbo.get().decode(encoded, maxPixels);
            } catch (UndecodableImageException e) {
                throw e;
            } catch (Exception e) {
                throw new UndecodableImageException("cannot decode JPEG: " + describe(e), e);
            }
        }
        return read(encoded, "cannot decode image: ", reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new TooManyPixels("image has " + pixels + " pixels, more than the limit of " + maxPixels);
            }
            if (isJpeg(encoded) && jpegComponents(reader) == 4) {
                // The raw raster holds the samples as stored: Adobe-inverted, YCCK not yet CMYK.
                Raster stored = reader.readRaster(0, null);
                return cmykToBgr(AdobeTransform.isYcck(encoded) ? AdobeTransform.ycckToCmyk(stored) : stored, true);
            }
            return toPhoto(reader.read(0));
        });
    }

    /** Colour components of a JPEG's frame; CMYK and YCCK have 4. */
    private static int jpegComponents(ImageReader reader) throws IOException {
        return reader.getRawImageType(0) == null ? 4 : reader.getRawImageType(0).getNumBands();
    }

    /**
     * A CMYK JPEG's samples (as ImageIO's raw raster gives them: ink amounts, YCCK already
     * turned into CMYK) to BGR, with the formula libjpeg-based readers such as OpenCV use:
     * {@code R = (255 - C) * (255 - K) / 255}, in OpenCV's integer arithmetic. An embedded CMYK
     * ICC profile is not applied (as OpenCV does not).
     */
    /**
     * @param inverted whether the samples are as Adobe stores them (255 minus the ink), as
     *                 libjpeg returns them
     */
    static BgrImage cmykToBgr(Raster raster, boolean inverted) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        BgrImage out = BgrImage.blank(width, height);
        byte[] bgr = out.bgr();
        int[] cmyk = new int[width * 4];
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, cmyk);
            for (int x = 0, p = y * width * 3; x < width; x++, p += 3) {
                int k = light(cmyk[x * 4 + 3], inverted);
                bgr[p] = (byte) times(light(cmyk[x * 4 + 2], inverted), k);
                bgr[p + 1] = (byte) times(light(cmyk[x * 4 + 1], inverted), k);
                bgr[p + 2] = (byte) times(light(cmyk[x * 4], inverted), k);
            }
        }
        return out;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs {@code work} with an ImageIO reader positioned on {@code encoded}; failures become undecodable. */
    private static <T> T read(byte[] encoded, String failure, ReaderWork<T> work) throws UndecodableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = decoderFor(ImageIO.getImageReaders(in));
            try {
                reader.setInput(in, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (TooManyPixels e) {
            throw new UndecodableImageException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new UndecodableImageException(failure + describe(e), e);
        }
    }

    /**
     * WebP through webp-imageio's reader (libwebp 1.6.0, the decoder viewers and OpenCV use), any
     * other format through the first reader. TwelveMonkeys' pure-Java VP8 decoder, which
     * registers for WebP too, renders lossy WebP up to 2.2 L* away from libwebp on average
     * (README, Photos accepted); it is used only where libwebp's native code cannot load.
     */
    private static ImageReader decoderFor(Iterator<ImageReader> readers) throws UndecodableImageException {
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.luciad.") && WebpNative.available()) {
                return reader;
            }
            first = first == null ? reader : first;
        }
        if (first == null) {
            throw new UndecodableImageException("not an image format this service can decode");
        }
        return first;
    }

    private static final class TooManyPixels extends RuntimeException {
        TooManyPixels(String message) {
            super(message, null, false, false);
        }
    }

    public byte[] encode(BgrImage image, OutputFormat format) {
        if (format == OutputFormat.JPEG && turbo.isPresent()) {
            try {
                return turbo.get().encode(image, Math.max(1, Math.round(jpegQuality * 100)));
            } catch (Exception e) {
                throw new IllegalStateException("TurboJPEG encoding failed", e);
            }
        }
        BufferedImage buffered = wrap(image);
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(format.mediaType()).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.bgr().length / 8));
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == OutputFormat.JPEG || format == OutputFormat.WEBP) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (format == OutputFormat.WEBP) {
                    param.setCompressionType("Lossy"); // libwebp at the JPEG quality: a photo, not a drawing
                }
                param.setCompressionQuality(jpegQuality);
            }
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("encoding to " + format.token() + " failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A {@code TYPE_3BYTE_BGR} image that shares the samples of {@code image}. */
    static BufferedImage wrap(BgrImage image) {
        DataBufferByte buffer = new DataBufferByte(image.bgr(), image.bgr().length);
        WritableRaster raster = Raster.createInterleavedRaster(buffer, image.width(), image.height(),
                image.width() * 3, 3, new int[] {2, 1, 0}, null);
        ComponentColorModel colors = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(colors, raster, false, null);
    }

    static Photo toPhoto(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] packed = packedBytes(image);
        if (packed != null && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return new BgrImage(width, height, packed);
        }
        if (packed != null && image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            BgrImage out = BgrImage.blank(width, height);
            byte[] bgr = out.bgr();
            for (int i = 0, p = 0; i < packed.length; i++, p += 3) {
                bgr[p] = packed[i];
                bgr[p + 1] = packed[i];
                bgr[p + 2] = packed[i];
            }
            return out;
        }
        return TrueSamples.toPhoto(image);
    }

    /** The sample array of a byte image whose raster is exactly its rows, one after another; else null. */
    private static byte[] packedBytes(BufferedImage image) {
        Raster raster = image.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof ComponentSampleModel model
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && buffer.getOffset() == 0
                && model.getPixelStride() == model.getNumBands()
                && model.getScanlineStride() == image.getWidth() * model.getPixelStride()
                && buffer.getSize() == image.getHeight() * model.getScanlineStride()) {
            return buffer.getData();
        }
        return null;
    }

    /** {@code a * k / 255} exactly as OpenCV's CMYK conversion computes it. */
    private static int times(int a, int k) {
        return k - ((255 - a) * k >> 8);
    }

    /** How much light a channel lets through: 255 minus its ink. */
    private static int light(int sample, boolean inverted) {
        return inverted ? sample : 255 - sample;
    }

    private static boolean isJpeg(byte[] data) {
        return data.length > 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8 && (data[2] & 0xff) == 0xFF;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
