package org.openipma.b2bua.web.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openipma.b2bua.ExternalTools;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both by explicit path: with the driver
 * and the browser binary named, Selenium never runs Selenium Manager, which would try to download a
 * driver or a browser (CI and the developers' machines reach no such site). One browser per test class
 * (each start costs about a second of a shared CPU); each test logs in afresh, so no state is shared.
 */
public final class Chromium {
    /** Debian package {@code chromium}. */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** Debian package {@code chromium-driver}. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** The window every test and screenshot uses, so the screenshots in {@code docs/} have one size. */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    /** The longest explicit wait of any browser test. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * Selenium warns at every start that it has no DevTools classes for this exact Chromium version; the
     * tests use WebDriver only, never DevTools. Held here so the logger (and its level) is not collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    private Chromium() {
    }

    /** Skips the calling tests where Chromium is missing; fails them under {@code CI=true} (see {@link ExternalTools}). */
    public static void requireInstalled() {
        ExternalTools.requireInstalled(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                BROWSER + " or " + DRIVER + " is missing (Debian: apt-get install chromium chromium-driver)");
    }

    /**
     * Starts a headless browser. {@code --no-sandbox}: the tests run as root in CI, where Chromium refuses
     * its sandbox; {@code --disable-dev-shm-usage}: containers often have a tiny /dev/shm.
     */
    public static ChromeDriver start() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT, "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps", "--lang=en-US");
        // The page's console messages, read back by Console#assertNoScriptErrors.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        driver.manage().timeouts().scriptTimeout(WAIT);
        // --window-size sizes the window, browser frame included; the screenshots want the page at 1280x900.
        driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        return driver;
    }
}
