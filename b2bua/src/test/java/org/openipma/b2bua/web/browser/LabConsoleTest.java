package org.openipma.b2bua.web.browser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.Sipp;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What each browser test of a page starts and stops around every test: a lab server ({@link ConsoleServer}),
 * SIPp phones when {@link #sippPhones()} names them, headless Chromium, and the {@link Console} that drives it.
 * Stopped in reverse order, each part only if it started.
 */
abstract class LabConsoleTest {
    protected ConsoleServer server;
    protected SippPhones phones;
    protected ChromeDriver driver;
    protected Console console;

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.requireInstalled();
    }

    /** The name of this test's SIPp phones (their trace directory), or null when it places no call. */
    String sippPhones() {
        return null;
    }

    /** For tests that place calls: SIPp must be installed (fails under CI=true when it is not). */
    static void requireSipp() {
        ExternalTools.requireInstalled(Sipp.isInstalled(), "sipp is not on the PATH (Debian: apt-get install sip-tester)");
    }

    @BeforeEach
    void start() {
        server = ConsoleServer.start(TestConfigs.LAB);
        if (sippPhones() != null) {
            phones = new SippPhones(sippPhones(), server.sipPort());
        }
        driver = Chromium.start();
        console = new Console(driver, server);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (phones != null) {
            phones.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
