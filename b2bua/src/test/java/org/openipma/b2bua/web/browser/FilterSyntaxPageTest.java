package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.routing.CallerFilter;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The manager page checks filter entries as they are typed with {@code web/js/filter-syntax.js}, a copy in
 * JavaScript of routing-core's {@link CallerFilter#checkEntry} (what the server enforces). This runs both on
 * the same entries, one per rule and edge, and requires the same verdict and the same words, so the copy
 * cannot drift from the original unnoticed.
 */
@Timeout(60)
class FilterSyntaxPageTest {
    private static final List<String> ENTRIES = List.of(
            "1003", "20XX", "20xx", "9*", "*5555", "*", "**", "*1*", "1*2", "", " ", "1-800-555 0100", "1.003",
            "+4930*", "#21", "X", "[1-3]", "100!", "1003?", "abc", "12a", "*-*", "--", "1\t2");

    private static ConsoleServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        Chromium.requireInstalled();
        server = ConsoleServer.start(TestConfigs.LAB);
        driver = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void checkEntryInThePageAgreesWithCallerFilter() {
        // Any page of the server: the module is loaded from the same origin, as the manager page loads it.
        driver.get(server.url("/index.html"));
        @SuppressWarnings("unchecked")
        List<Object> fromPage = (List<Object>) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/filter-syntax.js').then(m => done(arguments[0].map(e => m.checkEntry(e))),"
                        + " e => done(['import failed: ' + e]));", ENTRIES);
        List<String> expected = new ArrayList<>();
        for (String entry : ENTRIES) {
            expected.add(CallerFilter.checkEntry(entry));
        }
        for (int i = 0; i < ENTRIES.size(); i++) {
            assertEquals(expected.get(i), fromPage.get(i), "entry \"" + ENTRIES.get(i) + "\"");
        }
    }
}
