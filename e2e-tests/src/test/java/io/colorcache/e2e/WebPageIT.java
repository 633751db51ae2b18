package io.colorcache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.colorcache.protocol.ApiKeys;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page in a real browser (Debian's chromium, driven through chromium-driver) against the
 * packaged gateway and worker and a real Redis: a sample photo picked on the page comes back
 * colorized at its own size, with a before/after slider worked from the keyboard; a text file is
 * refused with the 415 problem in plain words; two photos at once; twenty at once; with API keys
 * on, the page asks for the key and keeps it in session storage only; a phone-sized screen.
 * Screenshots of the finished pages go to {@code target/}.
 */
class WebPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PHOTO_TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = ApiKeys.newKey();

    private static final Started started = new Started();
    private static ServiceProcess openGateway;
    private static ServiceProcess keyedGateway;
    private static Path samples;
    private static Path screenshots;

    private ChromeDriver browser;

    @BeforeAll
    static void startEverything() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "WebPageIT skipped: the page's browser tests need Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        RedisServer redis = started.keep(RedisServer.start());
        Path dir = Files.createTempDirectory("colorcache-page");
        Path model = dir.resolve("demo.onnx");
        String version = DemoModel.write(model, 256).substring(0, 12);
        Map<String, String> shared = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", "ddcolor-page",
                "colorcache.model.version", version);
        Map<String, String> worker = new HashMap<>(shared);
        worker.putAll(Map.of("colorcache.model.path", model.toString(), "colorcache.model.providers", "cpu",
                "colorcache.worker.consumer", "page-worker"));
        started.keep(ServiceProcess.start("inference-page", Path.of(System.getProperty("inference.app")), worker,
                List.of("-Xmx1g")));
        openGateway = started.keep(ServiceProcess.start("gateway-page", Path.of(System.getProperty("gateway.app")),
                shared, List.of("-Xmx512m")));
        Path keys = dir.resolve("api-keys");
        Files.writeString(keys, ApiKeys.line("page-tenant", KEY, "") + "\n");
        Map<String, String> keyed = new HashMap<>(shared);
        keyed.putAll(Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", keys.toString()));
        keyedGateway = started.keep(ServiceProcess.start("gateway-page-keyed",
                Path.of(System.getProperty("gateway.app")), keyed, List.of("-Xmx512m")));
        samples = Path.of(System.getProperty("samples.dir"));
        screenshots = Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        started.close();
    }

    @BeforeEach
    void openBrowser() {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000");
        browser = new ChromeDriver(ChromeDriverService.createDefaultService(), options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(ServiceProcess gateway) {
        browser.get(gateway.baseUri() + "/");
        assertThat(browser.getTitle()).startsWith("Colorcache");
    }

    /** Picks files in the page's file input, as a person does through its dialog. */
    private void pick(Path... files) {
        List<String> paths = new ArrayList<>();
        for (Path file : files) {
            try {
                paths.add(file.toRealPath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        browser.findElement(By.id("files")).sendKeys(String.join("\n", paths));
    }

    private List<WebElement> photos() {
        return browser.findElements(By.cssSelector("#photos > li.photo"));
    }

    /** Waits until {@code count} photos have ended (done or failed) and answers them in order. */
    private List<WebElement> awaitEnded(int count) {
        await().atMost(PHOTO_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<WebElement> all = photos();
            return all.size() >= count && all.stream().allMatch(p -> {
                String state = p.getDomAttribute("data-state");
                return "failed".equals(state) || ("done".equals(state) && p.getDomAttribute("data-width") != null);
            });
        });
        return photos();
    }

    private Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static BufferedImage image(Path file) throws IOException {
        return ImageIO.read(file.toFile());
    }

    private static void assertDoneAtSizeOf(WebElement photo, Path file) throws IOException {
        BufferedImage original = image(file);
        assertThat(photo.getDomAttribute("data-state")).as(photo.getText()).isEqualTo("done");
        assertThat(photo.getDomAttribute("data-width")).isEqualTo(Integer.toString(original.getWidth()));
        assertThat(photo.getDomAttribute("data-height")).isEqualTo(Integer.toString(original.getHeight()));
        assertThat(photo.findElement(By.cssSelector(".dimensions")).getText())
                .isEqualTo(original.getWidth() + " × " + original.getHeight() + " pixels");
    }

    @Test
    void aSamplePhotoComesBackColorizedAtItsOwnSizeWithAKeyboardSliderAndItsRepeatIsAHit() throws Exception {
        Path sample = samples.resolve("louis-armstrong-practicing-in-his-dressi.jpg");
        open(openGateway);
        pick(sample);

        WebElement photo = awaitEnded(1).get(0);
        assertDoneAtSizeOf(photo, sample);
        assertThat(photo.findElement(By.cssSelector(".name")).getText()).isEqualTo(sample.getFileName().toString());
        assertThat(photo.getDomAttribute("data-cache")).isEqualTo("miss");
        WebElement after = photo.findElement(By.cssSelector("img.after"));
        assertThat(((Number) script("return arguments[0].naturalWidth", after)).intValue())
                .isEqualTo(image(sample).getWidth());
        assertThat(after.getDomAttribute("alt")).contains("colorized");

        WebElement slider = photo.findElement(By.cssSelector(".slider input"));
        WebElement before = photo.findElement(By.cssSelector("img.before"));
        slider.sendKeys(Keys.HOME);
        assertThat(before.getCssValue("clip-path")).isEqualTo("inset(0px 100% 0px 0px)");
        slider.sendKeys(Keys.END);
        assertThat(before.getCssValue("clip-path")).isEqualTo("inset(0px 0% 0px 0px)");
        assertThat(browser.findElement(By.cssSelector(".slider span")).getText()).isEqualTo("Before | after");
        slider.sendKeys(Keys.HOME);
        for (int i = 0; i < 5; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT);
        }
        assertThat(slider.getDomProperty("value")).isEqualTo("5");

        pick(sample);
        WebElement repeat = awaitEnded(2).get(1);
        assertDoneAtSizeOf(repeat, sample);
        assertThat(repeat.getDomAttribute("data-cache")).isEqualTo("hit");
        assertThat(repeat.findElement(By.cssSelector(".cache")).getText()).contains("from the cache");
        screenshot("page-result.png");
    }

    @Test
    void aTextFileIsRefusedWithThe415ProblemInPlainWords() throws Exception {
        Path text = Files.createTempFile("notes", ".txt");
        Files.writeString(text, "Grandma's photos are in the blue box.\n", StandardCharsets.UTF_8);
        open(openGateway);
        pick(text);

        WebElement photo = awaitEnded(1).get(0);
        assertThat(photo.getDomAttribute("data-state")).isEqualTo("failed");
        assertThat(photo.getDomAttribute("data-problem")).endsWith("/unsupported-media-type");
        String said = photo.findElement(By.cssSelector(".status")).getText();
        assertThat(said).startsWith("Not colorized. Unsupported image format: a body of type text/plain is not a"
                + " photo: send a JPEG, PNG, TIFF or WebP file");
        assertThat(photo.findElements(By.cssSelector(".compare:not([hidden])"))).isEmpty();
        screenshot("page-415.png");
    }

    @Test
    void twoPhotosPickedAtOnceAreBothColorized() throws Exception {
        Path first = samples.resolve("new-york-riverfront-december-15-1931.jpg");
        Path second = samples.resolve("buffalo-bank-buffalo-new-york-circa-1908.jpg");
        open(openGateway);
        pick(first, second);

        List<WebElement> photos = awaitEnded(2);
        assertThat(photos).hasSize(2);
        assertDoneAtSizeOf(photos.get(0), first);
        assertDoneAtSizeOf(photos.get(1), second);
        browser.manage().window().setSize(new Dimension(1280, 1400));
        screenshot("page-two-photos.png");
    }

    @Test
    void twentyPhotosAtOnceAllFinishWhileThePageStaysResponsive() throws Exception {
        Path dir = Files.createTempDirectory("twenty");
        Path[] files = new Path[20];
        for (int i = 0; i < files.length; i++) {
            files[i] = dir.resolve("photo-" + i + ".jpg");
            Files.write(files[i], GeneratedImages.jpeg(GeneratedImages.gradient(900, 700, 100 + i), 0.9f));
        }
        open(openGateway);
        assertThat(script("return PerformanceObserver.supportedEntryTypes.includes('longtask')")).isEqualTo(true);
        script("window.longestTask = 0; new PerformanceObserver(list => list.getEntries().forEach(e =>"
                + " window.longestTask = Math.max(window.longestTask, e.duration))).observe({type: 'longtask'});");
        pick(files);

        List<WebElement> photos = awaitEnded(20);
        for (int i = 0; i < files.length; i++) {
            assertDoneAtSizeOf(photos.get(i), files[i]);
        }
        double longest = ((Number) script("return window.longestTask")).doubleValue();
        System.out.printf("WebPageIT: 20 photos; the longest main-thread task took %.0f ms%n", longest);
        assertThat(longest).as("the longest task on the page's main thread, ms").isLessThan(1000);
    }

    @Test
    void withApiKeysThePageAsksForTheKeyAndKeepsItInSessionStorageOnly() throws Exception {
        Path sample = samples.resolve("ansel-adams-moore-photography.jpg");
        open(keyedGateway);
        pick(sample);

        WebElement keyInput = browser.findElement(By.id("api-key"));
        await().atMost(Duration.ofSeconds(30)).until(keyInput::isDisplayed);
        assertThat(browser.findElement(By.id("key-reason")).getText()).isEqualTo("This service needs an API key.");
        assertThat(browser.switchTo().activeElement()).isEqualTo(keyInput);

        keyInput.sendKeys("cc_not-a-key-of-this-service", Keys.ENTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("key-reason")).getText()
                .startsWith("That key was not accepted"));
        keyInput.sendKeys(KEY, Keys.ENTER);

        assertDoneAtSizeOf(awaitEnded(1).get(0), sample);
        assertThat(script("return sessionStorage.getItem('colorcache.apiKey')")).isEqualTo(KEY);
        assertThat(script("return localStorage.length")).isEqualTo(0L);
        assertThat(script("return document.cookie")).isEqualTo("");
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain(KEY);
        screenshot("page-keyed.png");

        browser.findElement(By.id("forget-key")).click();
        assertThat(script("return sessionStorage.getItem('colorcache.apiKey')")).isNull();
    }

    @Test
    void onAPhoneSizedScreenNothingOverflowsSideways() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        Path sample = samples.resolve("february-1936-nipomo-calif-destitute-pea.jpg");
        open(openGateway);
        pick(sample);

        assertDoneAtSizeOf(awaitEnded(1).get(0), sample);
        assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(((Number) script("return document.documentElement.clientWidth")).intValue());
        WebElement shown = browser.findElement(By.cssSelector("img.after"));
        assertThat(shown.getSize().getWidth()).as("a 1000 px photo shown scaled").isLessThan(390);
        screenshot("page-phone.png");
    }
}
