package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sipp.Sipp;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Assistant Console against the lab with SIPp phones: phone3 dials 1001, the route point sends the
 * call to the assistant's proxy line 1112 (which rings and never answers), the console shows it ringing
 * without a reload, a refused redirect is one error line, and Redirect puts the call on the manager's 1001.
 */
@Timeout(90)
class AssistantConsolePageTest extends LabConsoleTest {
    private static final Duration PUSH = Duration.ofSeconds(1);
    private static final Duration CALL = Duration.ofSeconds(15);

    @BeforeAll
    static void sippIsInstalled() {
        requireSipp();
    }

    @Override
    String sippPhones() {
        return "browser-assistant-console";
    }

    @Test
    void aCallRingsLiveInTheConsoleAndRedirectPutsItOnTheManagersPhone() throws Exception {
        Sipp.Instance proxyLine = phones.waiting(PROXY_LINE, "uas-ring-expect-cancel.xml");
        Sipp.Instance manager = phones.waiting(MANAGER, "uas-answer.xml");
        console.logIn("assistant", "lab-assistant", "/assistant.html");
        By ringing = By.cssSelector("#calls tbody tr[data-state=ringing]");
        assertTrue(driver.findElements(ringing).isEmpty(), "no call rings before phone3 dials");

        Sipp.Instance phone3 = phones.call("uac-1003", PHONE3, "1001", "uac-call-expect-200.xml");
        awaitInvite(proxyLine);
        // The push bound of docs/api.md: on the page within a second of the INVITE reaching the proxy line.
        console.until(ExpectedConditions.textToBePresentInElementLocated(ringing, "1003"), PUSH);
        Screenshots.save(driver, "assistant-console");

        // A number the manager line's CSS cannot reach: refused, said on one line, the call still rings.
        // Asked for with the N shortcut, on the call selected by default (the only one).
        driver.findElement(By.tagName("body")).sendKeys("n");
        WebElement number = console.until(ExpectedConditions.elementToBeClickable(By.id("redirect-number")));
        number.sendKeys("1999", Keys.ENTER);
        String refusal = console.oneErrorLine();
        assertTrue(refusal.contains("number"), () -> "the refusal names the field: " + refusal);
        number.sendKeys(Keys.ESCAPE);
        assertTrue(proxyLine.isAlive(), "the proxy line still rings after the refused redirect");

        console.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#calls tbody tr[data-state=ringing] button[data-action=redirect-to-manager]"))).click();
        assertEquals(0, manager.await(CALL), () -> "the manager's phone did not get the call\n" + manager.describe());
        assertTrue(manager.trace().firstRequest("INVITE").isPresent(), "the manager's phone received the INVITE");
        assertEquals(0, proxyLine.await(CALL), () -> "the proxy line was not cancelled\n" + proxyLine.describe());
        assertEquals(0, phone3.await(CALL), () -> "phone3's call did not complete\n" + phone3.describe());
        console.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#calls tbody tr[data-call-id]")));
        // The ended call reaches the history (reloaded a second after the push), with its routing reasons.
        WebElement record = console.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#history tbody tr[data-record-id]")));
        assertTrue(record.getText().contains("Phone 3 (1003)"), record::getText);
        assertTrue(record.getText().contains("redirected to the manager"), record::getText);
        console.assertNoScriptErrors();
    }

    @Test
    void theOShortcutTakesTheAssistantOfflineAndTheManagersCardSaysSo() throws Exception {
        phones.waiting(PROXY_LINE, "uas-ring-expect-cancel.xml");
        console.logIn("assistant", "lab-assistant", "/assistant.html");
        By available = By.cssSelector("#card-manager [data-available]");
        console.until(ExpectedConditions.attributeToBe(available, "data-available", "true"));
        assertTrue(driver.findElement(By.id("online")).isSelected(), "online after logging in");

        driver.findElement(By.tagName("body")).sendKeys("o");
        console.until(ExpectedConditions.attributeToBe(available, "data-available", "false"));
        assertFalse(driver.findElement(By.id("online")).isSelected(), "the switch follows the server's answer");

        driver.findElement(By.tagName("body")).sendKeys("o");
        console.until(ExpectedConditions.attributeToBe(available, "data-available", "true"));
        console.assertNoScriptErrors();
    }

    /** Waits (at most 5 s) for the proxy line's SIPp to have received the INVITE: the SIP event the push follows. */
    private static void awaitInvite(Sipp.Instance phone) throws InterruptedException {
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (phone.trace().firstRequest("INVITE").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, () -> "no INVITE reached the proxy line\n" + phone.describe());
            Thread.sleep(20);
        }
    }
}
