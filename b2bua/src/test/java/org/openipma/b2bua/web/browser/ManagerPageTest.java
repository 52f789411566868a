package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The manager's page against the lab with SIPp phones: with the filter switched off a call to 1001 rings
 * the manager; after Divert All is switched on in the page, the next call rings the divert target, the
 * assistant's proxy line 1112 (no divert target set). The filter-list syntax is checked as typed.
 */
@Timeout(90)
class ManagerPageTest extends LabConsoleTest {
    private static final Duration CALL = Duration.ofSeconds(15);

    @BeforeAll
    static void sippIsInstalled() {
        requireSipp();
    }

    @Override
    String sippPhones() {
        return "browser-manager-page";
    }

    @Test
    void switchingDivertAllOnSendsTheNextCallToTheProxyLine() throws Exception {
        Sipp.Instance manager = phones.waiting(MANAGER, "uas-answer.xml");
        Sipp.Instance proxyLine = phones.waiting(PROXY_LINE, "uas-answer.xml");
        console.logIn("manager", "lab-manager", "/manager.html");

        flip("filterEnabled", false, "filter off");
        Sipp.Instance first = phones.call("uac-1003-first", PHONE3, "1001", "uac-call-expect-200.xml");
        assertEquals(0, first.await(CALL), () -> "the first call failed\n" + first.describe());
        assertEquals(0, manager.await(CALL), () -> "the filter off, the manager's phone gets the call\n" + manager.describe());
        assertTrue(proxyLine.trace().firstRequest("INVITE").isEmpty(), "the proxy line did not ring");

        flip("divertAll", true, "Divert All on");
        Sipp.Instance second = phones.call("uac-1003-second", PHONE3, "1001", "uac-call-expect-200.xml");
        assertEquals(0, second.await(CALL), () -> "the second call failed\n" + second.describe());
        assertEquals(0, proxyLine.await(CALL), () -> "Divert All on, the proxy line gets the call\n" + proxyLine.describe());
        assertTrue(proxyLine.trace().firstRequest("INVITE").isPresent(), "the proxy line received the INVITE");
        console.assertNoScriptErrors();
    }

    @Test
    void assistantWatchShowsTheCallRingingAtTheAssistantAndInterceptTakesIt() throws Exception {
        Sipp.Instance proxyLine = phones.waiting(PROXY_LINE, "uas-ring-expect-cancel.xml");
        Sipp.Instance manager = phones.waiting(MANAGER, "uas-answer.xml");
        console.logIn("manager", "lab-manager", "/manager.html");

        Sipp.Instance phone3 = phones.call("uac-1003", PHONE3, "1001", "uac-call-expect-200.xml");
        console.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#watch tbody tr[data-state=ringing]"), "1112"));
        Screenshots.save(driver, "manager");

        console.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#watch tbody tr[data-state=ringing] button[data-action=intercept]"))).click();
        assertEquals(0, manager.await(CALL), () -> "the manager's phone did not get the call\n" + manager.describe());
        assertTrue(manager.trace().firstRequest("INVITE").isPresent(), "the manager's phone received the INVITE");
        assertEquals(0, proxyLine.await(CALL), () -> "the proxy line was not cancelled\n" + proxyLine.describe());
        assertEquals(0, phone3.await(CALL), () -> "phone3's call did not complete\n" + phone3.describe());
        console.assertNoScriptErrors();
    }

    @Test
    void aFilterEntryOutsideTheSyntaxIsNamedAsItIsTyped() {
        console.logIn("manager", "lab-manager", "/manager.html");
        WebElement inclusive = driver.findElement(By.id("inclusive"));
        inclusive.sendKeys("1003\n20[1-3]");
        assertEquals("entry 2, \"20[1-3]\" is not a filter entry: '[' is not allowed (digits, X, * at the start or"
                + " end; - . and spaces are ignored)", driver.findElement(By.id("inclusive-error")).getText());
        assertEquals("true", inclusive.getAttribute("aria-invalid"));
        console.assertNoScriptErrors();
    }

    @Test
    void savedListsAndDivertTargetAreWhatThePageShowsAfterAReload() {
        console.logIn("manager", "lab-manager", "/manager.html");
        driver.findElement(By.id("exclusive")).sendKeys("1003\n20XX");
        WebElement target = driver.findElement(By.id("divertTarget"));
        target.sendKeys("80a");
        assertEquals("\"80a\" is not a dialable number (1-24 of 0-9 * #, or + and digits)",
                driver.findElement(By.id("divertTarget-error")).getText());
        target.clear();
        target.sendKeys("8000");
        driver.findElement(By.id("save")).click();
        console.until(ExpectedConditions.textToBe(By.id("notice"), "lists, divert target and default assistant saved"));

        driver.navigate().refresh();
        console.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "up"));
        console.until(ExpectedConditions.attributeToBe(By.id("exclusive"), "value", "1003\n20XX"));
        assertEquals("8000", driver.findElement(By.id("divertTarget")).getAttribute("value"));
        console.assertNoScriptErrors();
    }

    /** Clicks a switch of the settings and waits for the server's answer (the notice) to confirm it. */
    private void flip(String id, boolean wanted, String confirmation) {
        WebElement toggle = driver.findElement(By.id(id));
        assertEquals(!wanted, toggle.isSelected(), () -> id + " before the click");
        toggle.click();
        console.until(ExpectedConditions.textToBe(By.id("notice"), confirmation));
        assertEquals(wanted, toggle.isSelected(), () -> id + " after the server's answer");
    }
}
