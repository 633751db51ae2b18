import java.nio.file.Files;
import java.nio.file.Path;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJCompressor;
import org.libjpegturbo.turbojpeg.TJDecompressor;

/**
 * TurboJPEG codec timings through Debian's libturbojpeg-java on the running JDK, the same way as
 * CodecBench (best of 10 after 3 warm-ups, quality 92, 4:2:0):
 * java -cp /usr/share/java/turbojpeg.jar bench/TurboJpegBench.java PHOTO.jpg...
 */
public class TurboJpegBench {

    public static void main(String[] args) throws Exception {
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version");
        for (String file : args) {
            byte[] data = Files.readAllBytes(Path.of(file));
            TJDecompressor probe = new TJDecompressor(data);
            int w = probe.getWidth();
            int h = probe.getHeight();
            byte[] bgr = new byte[w * h * 3];
            double decode = best(() -> new TJDecompressor(data).decompress(bgr, 0, 0, w, w * 3, h, TJ.PF_BGR, 0));
            double encode = best(() -> {
                TJCompressor c = new TJCompressor(bgr, 0, 0, w, w * 3, h, TJ.PF_BGR);
                c.setSubsamp(TJ.SAMP_420);
                c.setJPEGQuality(92);
                c.compress(0);
                c.close();
            });
            System.out.printf("| %s, TurboJPEG | %s %dx%d | %.1f | %.1f | - |%n", jdk, Path.of(file).getFileName(), w, h,
                    decode, encode);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double best(Work work) throws Exception {
        for (int i = 0; i < 3; i++) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }
}
