package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.sipp.Sipp;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The administrator's page: the Dialed Number Analyzer explains 1003 → 1001 in the lab: phone3's CSS reaches
 * the route point's 100X in PT_INTERNAL, and not the manager's own 1001, whose PT_MANAGER it does not list;
 * and a line registered by a SIPp phone is listed under Registrations.
 */
@Timeout(60)
class AdminPageTest extends LabConsoleTest {

    @Test
    void theAnalyzerExplainsWhy1003Dialing1001ReachesTheRoutePoint() {
        console.logIn("admin", "lab-admin", "/admin.html");
        setField("from", "1003");
        setField("digits", "1001");
        driver.findElement(By.id("analyze")).click();

        WebElement summary = console.until(ExpectedConditions.visibilityOfElementLocated(By.id("analysis-summary")));
        assertEquals("1003/PT_INTERNAL dialing 1001 routes to 100X/PT_INTERNAL (route point RP_IPMA).", summary.getText());
        WebElement winner = driver.findElement(By.cssSelector("#candidates tr[data-verdict=WINNER]"));
        assertTrue(winner.getText().startsWith("100X PT_INTERNAL route point RP_IPMA"), winner::getText);
        WebElement manager = driver.findElement(By.cssSelector("#candidates tr[data-verdict=PARTITION_NOT_IN_CSS]"));
        assertTrue(manager.getText().startsWith("1001 PT_MANAGER"), manager::getText);
        assertTrue(manager.getText().endsWith("partition not in the CSS"), manager::getText);
        console.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#lint > *")));
        Screenshots.save(driver, "admin");
        console.assertNoScriptErrors();
    }

    @Test
    void aRegisteredLineIsListedWithItsContact() throws Exception {
        ExternalTools.requireInstalled(Sipp.isInstalled(), "sipp is not on the PATH (Debian: apt-get install sip-tester)");
        try (SippPhones phones = new SippPhones("browser-admin-page", server.sipPort())) {
            phones.waiting(PROXY_LINE, "uas-answer.xml");
            console.logIn("admin", "lab-admin", "/admin.html");
            WebElement row = console.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#registrations tbody tr[data-line='1112']")));
            assertTrue(row.getText().startsWith("assistant 1112 sip:1112@127.0.0.1:"), row::getText);
            console.assertNoScriptErrors();
        }
    }

    private void setField(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }
}
