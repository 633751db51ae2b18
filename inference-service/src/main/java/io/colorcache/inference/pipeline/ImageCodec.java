package io.colorcache.inference.pipeline;

import io.colorcache.protocol.OutputFormat;
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
 * Decodes uploads into {@link BgrImage} and encodes results, through the JDK's ImageIO. Like
 * OpenCV's {@code IMREAD_COLOR}, gray images become three equal channels and alpha is dropped.
 */
public final class ImageCodec {

    private static final int STRIP_ROWS = 256;

    private final long maxPixels;
    private final float jpegQuality;
    private final Optional<TurboJpeg> turbo;

    static {
        // No temporary files: the service runs on a read-only root file system.
        ImageIO.setUseCache(false);
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
        this.jpegQuality = jpegQuality;
        this.turbo = turbo;
    }

    /** Width times height from the image header, without decoding pixels. */
    public long pixels(byte[] encoded) throws UndecodableImageException {
        return read(encoded, "cannot read the image header: ", reader -> (long) reader.getWidth(0) * reader.getHeight(0));
    }

    public BgrImage decode(byte[] encoded) throws UndecodableImageException {
        if (turbo.isPresent() && isJpeg(encoded)) {
            try {
                return turbo.get().decode(encoded, maxPixels);
            } catch (UndecodableImageException e) {
                throw e;
            } catch (Exception e) {
                // CMYK and other variants TurboJPEG will not turn into BGR: ImageIO decides.
            }
        }
        return read(encoded, "cannot decode image: ", reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new TooManyPixels("image has " + pixels + " pixels, more than the limit of " + maxPixels);
            }
            return toBgr(reader.read(0));
        });
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs {@code work} with an ImageIO reader positioned on {@code encoded}; failures become undecodable. */
    private static <T> T read(byte[] encoded, String failure, ReaderWork<T> work) throws UndecodableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UndecodableImageException("not an image format this service can decode");
            }
            ImageReader reader = readers.next();
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
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.token()).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.bgr().length / 8));
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == OutputFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
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

    static BgrImage toBgr(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] packed = packedBytes(image);
        if (packed != null && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return new BgrImage(width, height, packed);
        }
        BgrImage out = BgrImage.blank(width, height);
        byte[] bgr = out.bgr();
        if (packed != null && image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            for (int i = 0, p = 0; i < packed.length; i++, p += 3) {
                bgr[p] = packed[i];
                bgr[p + 1] = packed[i];
                bgr[p + 2] = packed[i];
            }
        } else {
            copyThroughColorModel(image, bgr);
        }
        return out;
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

    /** Any other layout (palette, 16-bit, alpha, CMYK-free JPEG variants): in strips, alpha dropped. */
    private static void copyThroughColorModel(BufferedImage image, byte[] bgr) {
        int width = image.getWidth();
        int[] argb = new int[width * Math.min(STRIP_ROWS, image.getHeight())];
        for (int y = 0; y < image.getHeight(); y += STRIP_ROWS) {
            int rows = Math.min(STRIP_ROWS, image.getHeight() - y);
            image.getRGB(0, y, width, rows, argb, 0, width);
            int p = y * width * 3;
            for (int i = 0; i < rows * width; i++, p += 3) {
                int c = argb[i];
                bgr[p] = (byte) c;
                bgr[p + 1] = (byte) (c >> 8);
                bgr[p + 2] = (byte) (c >> 16);
            }
        }
    }

    private static boolean isJpeg(byte[] data) {
        return data.length > 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8 && (data[2] & 0xff) == 0xFF;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
