import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * ImageIO codec timings on the running JDK, as the worker uses ImageIO (best of N after warm-up).
 * A single-file program so it runs on any JDK: java bench/CodecBench.java PHOTO.jpg...
 */
public class CodecBench {

    public static void main(String[] args) throws Exception {
        ImageIO.setUseCache(false);
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version");
        for (String file : args) {
            byte[] data = Files.readAllBytes(Path.of(file));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            double decode = best(10, () -> ImageIO.read(new ByteArrayInputStream(data)));
            double jpeg = best(10, () -> jpeg(image));
            double png = best(3, () -> ImageIO.write(image, "png", new ByteArrayOutputStream()));
            System.out.printf("| %s | %s %dx%d | %.1f | %.1f | %.1f |%n", jdk, Path.of(file).getFileName(),
                    image.getWidth(), image.getHeight(), decode, jpeg, png);
        }
    }

    interface Work {
        Object run() throws Exception;
    }

    static double best(int runs, Work work) throws Exception {
        for (int i = 0; i < 3; i++) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }

    static byte[] jpeg(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
