import java.nio.file.Files;
import java.nio.file.Path;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJCompressor;

/**
 * Writes the YCCK JPEG sample of the format tests: 64x48 Adobe-inverted CMYK samples (stored
 * C, M, Y = the R = 4x, G = 5y, B = 3(x+y) pattern of the other samples; stored K = 255 minus
 * 2(x+y) mod 96, i.e. some black ink) compressed by libjpeg-turbo as YCCK with an Adobe marker,
 * quality 95, 4:4:4. No Pillow or OpenCV writer makes YCCK.
 *
 * <p>Usage: {@code java -cp /usr/share/java/turbojpeg.jar tools/MakeYcckSample.java OUT.jpg}
 * (Debian's libturbojpeg-java).
 */
public class MakeYcckSample {

    public static void main(String[] args) throws Exception {
        int width = 64;
        int height = 48;
        byte[] cmyk = new byte[width * height * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * 4;
                cmyk[at] = (byte) ((4 * x) % 256);
                cmyk[at + 1] = (byte) ((5 * y) % 256);
                cmyk[at + 2] = (byte) ((3 * (x + y)) % 256);
                cmyk[at + 3] = (byte) (255 - (2 * (x + y)) % 96);
            }
        }
        try (TJCompressor compressor = new TJCompressor(cmyk, 0, 0, width, 0, height, TJ.PF_CMYK)) {
            compressor.setSubsamp(TJ.SAMP_444);
            compressor.setJPEGQuality(95);
            byte[] jpeg = compressor.compress(0);
            Files.write(Path.of(args[0]), java.util.Arrays.copyOf(jpeg, compressor.getCompressedSize()));
        }
    }
}
