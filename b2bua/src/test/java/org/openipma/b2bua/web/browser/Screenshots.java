package org.openipma.b2bua.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves what the browser shows as {@code NAME.png} in {@code target/screenshots/} (the evidence of every
 * run), and also in the directory named by the system property {@value #DIRECTORY_PROPERTY} when it is set:
 * {@code -Dipma.screenshots.dir=../docs/screenshots} refreshes the pictures the README shows.
 */
public final class Screenshots {
    /** The system property naming a second directory for the screenshots. */
    public static final String DIRECTORY_PROPERTY = "ipma.screenshots.dir";

    private Screenshots() {
    }

    /** Takes the screenshot {@code name} (no extension); returns where it was saved in {@code target/}. */
    public static Path save(WebDriver driver, String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path saved = write(Path.of("target", "screenshots"), name, png);
        String extra = System.getProperty(DIRECTORY_PROPERTY);
        if (extra != null && !extra.isBlank()) {
            write(Path.of(extra), name, png);
        }
        return saved;
    }

    private static Path write(Path directory, String name, byte[] png) {
        try {
            Files.createDirectories(directory);
            return Files.write(directory.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + name + " to " + directory, e);
        }
    }
}
