package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The login page: a refusal is one error line; a login opens the page of the user's role. */
@Timeout(60)
class LoginPageTest extends LabConsoleTest {

    @Test
    void aWrongPasswordIsOneErrorLineAndTheRightOneOpensTheAssistantConsole() {
        console.fillLogin("assistant", "lab-assistant");
        Screenshots.save(driver, "login");

        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        driver.findElement(By.id("login-button")).click();
        assertEquals("wrong user or password", console.oneErrorLine());
        assertTrue(driver.getCurrentUrl().endsWith("/index.html"), driver.getCurrentUrl());

        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys("lab-assistant");
        driver.findElement(By.id("login-button")).click();
        console.until(ExpectedConditions.urlContains("/assistant.html"));
        console.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "assistant"));
        console.assertNoScriptErrors();
    }

    @Test
    void afterFiveWrongPasswordsTheLineSaysHowLongToWait() {
        console.fillLogin("assistant", "wrong");
        for (int failure = 1; failure <= 5; failure++) {
            submitWhenEnabled();
            console.until(ExpectedConditions.textToBe(By.id("error"), "wrong user or password"));
            console.until(ExpectedConditions.elementToBeClickable(By.id("login-button")));
            // Clear the line so the next answer is seen as new, not as the one already shown.
            ((ChromeDriver) driver).executeScript("document.getElementById('error').textContent = ''");
        }
        submitWhenEnabled();
        assertEquals("too many attempts, wait 1 s", console.oneErrorLine());
        assertFalse(driver.findElement(By.id("login-button")).isEnabled(), "no new attempt until the wait is over");

        console.until(ExpectedConditions.elementToBeClickable(By.id("login-button")));
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys("lab-assistant");
        submitWhenEnabled();
        console.until(ExpectedConditions.urlContains("/assistant.html"));
        console.assertNoScriptErrors();
    }

    private void submitWhenEnabled() {
        console.until(ExpectedConditions.elementToBeClickable(By.id("login-button"))).click();
    }
}
