package dev.missioncontrol.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.support.Browser;
import dev.missioncontrol.support.Nginx;
import dev.missioncontrol.support.Tools;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in headless Chromium, with access tokens on and the page opened with
 * {@code ?access_token=}: dispatch, errors, chat both ways, and the event list across forced reconnects.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.Reconnecting.class)
class DashboardBrowserTest {

    static final String TOKEN = "wall-display-token";

    public static class Reconnecting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Streams end every 4 s, so the page reconnects (with Last-Event-ID) while events are published.
            return Map.of("mission-control.auth.tokens", TOKEN, "mission-control.events.max-lifetime", "4s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    EventBroker broker;

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void awaitText(ChromeDriver browser, By where, String text) {
        waiting(browser)
                .withMessage(() -> "'" + text + "' in " + where)
                .until(b ->
                        b.findElements(where).stream().anyMatch(e -> e.getText().contains(text)));
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void dispatchChatAndAnUnbrokenEventStreamAcrossReconnects() throws Exception {
        Tools.require(Browser.missing());
        ChromeDriver browser = Browser.start(1280, 800);
        try {
            browser.get(base + "?access_token=" + TOKEN);
            waiting(browser)
                    .until(b -> "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-stream"))
                            && "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-comms")));

            // Dispatch through the form, keyboard only: type and press Enter.
            WebElement hero = browser.findElement(By.id("hero"));
            hero.sendKeys("Volt", Keys.ENTER);
            awaitText(browser, By.id("dispatch-result"), "202 Accepted: Volt dispatched");
            awaitText(browser, By.cssSelector("#event-list .event[data-type='dispatch.accepted']"), "Volt");
            awaitText(browser, By.cssSelector("#event-list .event[data-type='dispatch.recorded']"), "Volt");
            awaitText(browser, By.cssSelector("#mission-log li"), "Volt");

            // A blank hero: the server's problem detail is shown.
            browser.findElement(By.cssSelector("#dispatch-form button")).click();
            awaitText(browser, By.id("dispatch-result"), "400 Bad Request: hero is required");

            // Chat from the page, then from a second, non-browser client.
            browser.findElement(By.id("chat-text")).sendKeys("assemble!", Keys.ENTER);
            awaitText(browser, By.cssSelector("#chat-list li"), "assemble!");
            try (WsClient other = WsClient.connect(
                    URI.create(base.toString().replaceFirst("^http", "ws") + "comms?access_token=" + TOKEN))) {
                other.send("{\"event\":\"chat\",\"text\":\"from the field\"}");
                awaitText(browser, By.cssSelector("#chat-list li"), "from the field");
            }
            screenshot(browser, "dashboard-reconnects-1280x800");

            // Publish across at least one forced reconnect (real dispatches: two events each); the page must show
            // every id once, in an unbroken run.
            long first = broker.publish(EventPayload.CommsChat.of("hq", "tick 0"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int extra = 0;
            int n = 0;
            while (extra < 10 && System.nanoTime() < deadline) {
                Thread.sleep(150); // pacing the publisher, not waiting for a result
                io.restassured.RestAssured.given()
                        .queryParam("access_token", TOKEN)
                        .post("/missions/dispatch?hero=Tick-" + (++n))
                        .then()
                        .statusCode(202);
                if (Integer.parseInt(browser.findElement(By.tagName("body")).getDomAttribute("data-reconnects")) >= 1) {
                    extra++;
                }
            }
            assertTrue(
                    Integer.parseInt(browser.findElement(By.tagName("body")).getDomAttribute("data-reconnects")) >= 1,
                    "the stream was reconnected at least once");
            String lastHero = "Tick-" + n;
            awaitText(
                    browser,
                    By.cssSelector("#event-list .event[data-type='dispatch.recorded']"),
                    lastHero + " recorded");
            long last = broker.publish(EventPayload.CommsChat.of("hq", "tick end"));
            String lastId = Long.toString(last);
            waiting(browser)
                    .until(b -> !b.findElements(By.cssSelector(".event[data-id='" + lastId + "']"))
                            .isEmpty());
            List<Long> shown = browser.findElements(By.cssSelector("#event-list .event[data-id]")).stream()
                    .map(e -> Long.parseLong(e.getDomAttribute("data-id")))
                    .toList();
            TreeSet<Long> unique = new TreeSet<>(shown);
            assertEquals(shown.size(), unique.size(), "no event shown twice: " + shown);
            assertEquals(unique.last() - unique.first() + 1, unique.size(), "no event missing: " + unique);
            assertTrue(unique.contains(first) && unique.contains(last));

            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            Thread.sleep(300); // let the layout settle before the picture; nothing is asserted on it
            screenshot(browser, "dashboard-390x844");
        } finally {
            browser.quit();
        }
    }

    private static String body(org.openqa.selenium.WebDriver browser, String attribute) {
        return browser.findElement(By.tagName("body")).getDomAttribute(attribute);
    }

    @Test
    void opensOnTheRecentPastWithTimesAFilterRoomsAndALiveChart() throws Exception {
        Tools.require(Browser.missing());
        // Before the page opens: dispatches and a chat in another room, which it must show from the retained events.
        for (String hero : List.of("Before-1", "Before-2")) {
            io.restassured.RestAssured.given()
                    .queryParam("access_token", TOKEN)
                    .post("/missions/dispatch?hero=" + hero)
                    .then()
                    .statusCode(202);
        }
        broker.publish(EventPayload.CommsChat.of("ops", "earlier chatter"));
        ChromeDriver browser = Browser.start(1280, 800);
        try (WsClient other = WsClient.connect(
                URI.create(base.toString().replaceFirst("^http", "ws") + "comms?access_token=" + TOKEN))) {
            browser.get(base + "?access_token=" + TOKEN);
            waiting(browser).until(b -> "live".equals(body(b, "data-stream")) && "live".equals(body(b, "data-comms")));

            // The recent past, not an empty list, and no "missed" notice for it.
            awaitText(
                    browser, By.cssSelector("#event-list .event[data-type='dispatch.recorded']"), "Before-2 recorded");
            awaitText(browser, By.cssSelector("#event-list .event[data-type='comms.chat']"), "earlier chatter");
            assertTrue(
                    browser.findElements(By.cssSelector("#event-list .event[data-type='reset']"))
                            .isEmpty(),
                    "history on load is no loss");
            // The mission log shows when each hero was recorded.
            waiting(browser)
                    .until(b -> b.findElements(By.cssSelector("#mission-log li")).stream()
                            .anyMatch(li -> li.getText().contains("Before-1")
                                    && !li.findElements(By.cssSelector("time[datetime]"))
                                            .isEmpty()));

            // The filter: comms only, then everything again.
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("event-filter")))
                    .selectByValue("comms");
            waiting(browser)
                    .until(b -> b.findElements(By.cssSelector("#event-list .event")).stream()
                            .filter(WebElement::isDisplayed)
                            .map(e -> e.getDomAttribute("data-type"))
                            .allMatch(type -> type.startsWith("comms.") || type.equals("end") || type.equals("reset")));
            assertTrue(
                    browser.findElements(By.cssSelector("#event-list .event[data-type^='dispatch']")).stream()
                            .noneMatch(WebElement::isDisplayed),
                    "dispatch events are filtered out");
            assertTrue(browser.findElements(By.cssSelector("#event-list .event")).stream()
                    .filter(WebElement::isDisplayed)
                    .anyMatch(e -> "comms.chat".equals(e.getDomAttribute("data-type"))));
            screenshot(browser, "dashboard-filter-comms");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("event-filter"))).selectByValue("");

            // Who is in the room: this page and the other client are in hq.
            waiting(browser)
                    .until(b -> "hq".equals(b.findElement(By.id("members")).getDomAttribute("data-room"))
                            && b.findElement(By.id("members")).getText().matches("\\d+ in hq")
                            && Integer.parseInt(b.findElement(By.id("members")).getDomAttribute("data-count")) >= 2);

            // Join another room from the page and read what is said there, with the time it came.
            browser.findElement(By.id("join-room")).sendKeys("alerts", Keys.ENTER);
            waiting(browser)
                    .until(b ->
                            "alerts".equals(b.findElement(By.id("chat-room")).getDomProperty("value")));
            other.send("{\"event\":\"join\",\"room\":\"alerts\"}");
            other.send("{\"event\":\"chat\",\"room\":\"alerts\",\"text\":\"red alert\"}");
            waiting(browser)
                    .until(b -> b.findElements(By.cssSelector("#chat-list li[data-room='alerts']")).stream()
                            .anyMatch(li -> li.getText().contains("red alert")
                                    && li.findElement(By.cssSelector("time"))
                                            .getText()
                                            .matches("\\d{2}:\\d{2}:\\d{2}")));
            browser.findElement(By.id("chat-text")).sendKeys("acknowledged", Keys.ENTER);
            assertTrue(
                    other.awaitMessage(m -> m.contains("acknowledged") && m.contains("alerts")),
                    "the page wrote to the room it joined");
            waiting(browser)
                    .until(b -> b.findElement(By.id("members")).getText().matches("\\d+ in alerts"));

            // The live chart: events per second as they come, subscribers and comms connections from the meters.
            for (int i = 0; i < 6; i++) {
                io.restassured.RestAssured.given()
                        .queryParam("access_token", TOKEN)
                        .post("/missions/dispatch?hero=Charted-" + i)
                        .then()
                        .statusCode(202);
            }
            waiting(browser)
                    .until(b -> Integer.parseInt(body(b, "data-chart-points")) >= 3
                            && !"".equals(body(b, "data-subscribers"))
                            && Integer.parseInt(body(b, "data-subscribers")) >= 1
                            && Integer.parseInt(body(b, "data-comms-connections")) >= 2);
            assertEquals(
                    1,
                    browser.findElements(By.cssSelector("#activity-chart canvas"))
                            .size(),
                    "uPlot drew the chart");
            awaitText(browser, By.id("activity-readout"), "events/s");
            screenshot(browser, "dashboard-1280x800");
        } finally {
            browser.quit();
        }
    }

    @Test
    void withoutATokenThePageSaysOneIsNeeded() throws Exception {
        Tools.require(Browser.missing());
        ChromeDriver browser = Browser.start(1280, 800);
        try {
            browser.get(base.toString());
            waiting(browser)
                    .until(b -> "token".equals(body(b, "data-stream")) && "token".equals(body(b, "data-comms")));
            awaitText(browser, By.id("stream-state"), "token needed");
            awaitText(browser, By.id("comms-state"), "token needed");
            screenshot(browser, "dashboard-token-needed");
        } finally {
            browser.quit();
        }
    }

    @Test
    void worksUnchangedBehindNginxUnderAPathPrefix() throws Exception {
        Tools.require(Browser.missing());
        Tools.require(Nginx.missing());
        try (Nginx nginx = Nginx.start(base.getPort())) {
            ChromeDriver browser = Browser.start(1280, 800);
            try {
                browser.get(nginx.uri("/mission-control/?access_token=" + TOKEN).toString());
                waiting(browser)
                        .until(b ->
                                "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-stream"))
                                        && "live"
                                                .equals(b.findElement(By.tagName("body"))
                                                        .getDomAttribute("data-comms")));
                browser.findElement(By.id("hero")).sendKeys("Prefix", Keys.ENTER);
                awaitText(browser, By.id("dispatch-result"), "202 Accepted: Prefix dispatched");
                awaitText(browser, By.cssSelector("#mission-log li"), "Prefix");
                browser.findElement(By.id("chat-text")).sendKeys("via nginx", Keys.ENTER);
                awaitText(browser, By.cssSelector("#chat-list li"), "via nginx");
            } finally {
                browser.quit();
            }
        }
    }
}
