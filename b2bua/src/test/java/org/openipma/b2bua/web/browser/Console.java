package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test does with a console page: log in through the login form, wait (at most
 * {@link Chromium#WAIT}, polling every 50 ms so a one-second bound can be measured), and read the page's
 * one error line.
 */
final class Console {
    private static final Duration POLL = Duration.ofMillis(50);

    private final WebDriver driver;
    private final ConsoleServer server;

    Console(WebDriver driver, ConsoleServer server) {
        this.driver = driver;
        this.server = server;
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens the login page and fills the form; does not submit it. */
    void fillLogin(String user, String password) {
        driver.get(server.url("/index.html"));
        WebElement userField = until(ExpectedConditions.elementToBeClickable(By.id("user")));
        userField.clear();
        userField.sendKeys(user);
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys(password);
    }

    /** Logs in through the form and waits for {@code page} (e.g. {@code /assistant.html}) to be shown. */
    void logIn(String user, String password, String page) {
        fillLogin(user, password);
        driver.findElement(By.id("login-button")).click();
        until(ExpectedConditions.urlContains(page));
        // The page is usable once its live feed is up (the status pill turns to "live").
        until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "up"));
    }

    /** Waits at most {@link Chromium#WAIT} for {@code condition}. */
    <T> T until(ExpectedCondition<T> condition) {
        return until(condition, Chromium.WAIT);
    }

    <T> T until(ExpectedCondition<T> condition, Duration timeout) {
        // The pages re-render a card or a row on every push: an element found a moment ago may be replaced.
        return new WebDriverWait(driver, timeout, POLL).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits for the error line and asserts it is the only message shown as an alert; returns its text. */
    String oneErrorLine() {
        WebElement line = until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        until(driver -> !line.getText().isBlank());
        List<WebElement> alerts = driver.findElements(By.cssSelector("[role=alert]")).stream()
                .filter(WebElement::isDisplayed).toList();
        assertEquals(1, alerts.size(), "visible alerts");
        assertEquals(1, line.getText().lines().count(), () -> "one line, not: " + line.getText());
        return line.getText();
    }

    /**
     * Fails on any error the pages logged to the browser console since the last call: a script exception, a
     * module that did not load, a Content-Security-Policy violation. Refused requests are not script errors
     * (the browser logs every 4xx as "Failed to load resource"); the tests check those on the error line.
     */
    void assertNoScriptErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
        assertEquals(List.of(), errors, "errors in the browser console");
    }
}
