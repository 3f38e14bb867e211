package dev.missioncontrol.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.missioncontrol.support.Browser;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard across a restart of the service (a deploy): its EventSource reconnects to the new run, whose ids
 * are larger than the old run's, so the page shows the new events, and the reset it gets makes it refetch the
 * mission log, which the restart emptied.
 */
class DashboardRestartIT {

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void awaitText(ChromeDriver browser, By where, String text) {
        waiting(browser)
                .withMessage(() -> "'" + text + "' in " + where)
                .until(b ->
                        b.findElements(where).stream().anyMatch(e -> e.getText().contains(text)));
    }

    @Test
    void thePageKeepsWorkingAcrossARestart() throws Exception {
        Tools.require(Browser.missing());
        ChromeDriver browser = Browser.start(1280, 800);
        try {
            int port;
            try (ServiceProcess first = ServiceProcess.start("dashboard-restart-1", Map.of())) {
                port = first.port();
                browser.get(first.uri("/").toString());
                waiting(browser)
                        .until(b ->
                                "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-stream")));
                assertEquals(
                        202, first.post("/missions/dispatch?hero=Before-Deploy").statusCode());
                awaitText(
                        browser, By.cssSelector("#event-list .event[data-type='dispatch.recorded']"), "Before-Deploy");
                awaitText(browser, By.cssSelector("#mission-log li"), "Before-Deploy");
                first.terminate();
                first.exitCode(Duration.ofSeconds(30));
            }
            try (ServiceProcess second = ServiceProcess.start("dashboard-restart-2", Map.of(), port)) {
                // The page reconnects by itself (retry: 3000); once it is live on the new run, a new dispatch shows.
                waiting(browser)
                        .until(b ->
                                "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-stream"))
                                        && !b.findElements(By.cssSelector("#event-list .event[data-type='reset']"))
                                                .isEmpty());
                assertEquals(
                        202, second.post("/missions/dispatch?hero=After-Deploy").statusCode());
                awaitText(browser, By.cssSelector("#event-list .event[data-type='dispatch.recorded']"), "After-Deploy");
                waiting(browser)
                        .withMessage("the mission log is the new run's")
                        .until(b -> List.of("After-Deploy")
                                .equals(b.findElements(By.cssSelector("#mission-log li .hero")).stream()
                                        .map(WebElement::getText)
                                        .toList()));
            }
        } finally {
            browser.quit();
        }
    }
}
