package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Browser;
import dev.missioncontrol.support.Nginx;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The deployment of {@code docker/compose.yaml} without Docker: two packaged instances on one Redis behind nginx
 * running the project's {@code docker/nginx.conf}, and the dashboard in Chromium. Each instance in turn is killed
 * with {@code kill -9}; the page's EventSource reconnects through nginx to the live one and resumes with
 * Last-Event-ID, and the events it shows keep an unbroken run of ids.
 */
class FailoverBrowserIT {

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void awaitRecorded(ChromeDriver browser, String hero) {
        waiting(browser)
                .withMessage(() -> hero + " recorded on the page")
                .until(b -> b.findElements(By.cssSelector("#event-list .event[data-type='dispatch.recorded']")).stream()
                        .anyMatch(e -> e.getText().contains(hero)));
    }

    /**
     * Dispatches as a careful client does: with an Idempotency-Key, retrying while nginx answers 502 (the replica it
     * sent the request to died, and a POST is not passed on once sent; or both replicas are marked failed for
     * nginx's fail_timeout of 5 s).
     */
    private static void dispatch(HttpClient http, URI base, String hero) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/missions/dispatch?hero=" + hero))
                .header("Idempotency-Key", "\"" + hero + "\"")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    assertTrue(
                            status == 202 || status == 502,
                            "202, or 502 from nginx while a replica is down: " + status);
                    return status == 202;
                });
    }

    @Test
    void theDashboardKeepsAnUnbrokenRunOfIdsWhileEachInstanceIsKilled() throws Exception {
        Tools.require(Nginx.missing());
        Tools.require(Browser.missing());
        HttpClient http = HttpClient.newHttpClient();
        try (RedisFixture redis = RedisFixture.start()) {
            Map<String, String> settings =
                    Map.of("mission-control.comms.presence-ttl", "3s", "mission-control.comms.presence-refresh", "1s");
            ServiceProcess a = redis.instance("failover-a", settings);
            ServiceProcess b = redis.instance("failover-b", settings);
            int portA = a.port();
            ChromeDriver browser = Browser.start(1280, 800);
            try (Nginx nginx = Nginx.start(a.port(), b.port())) {
                URI base = nginx.uri("/");
                browser.get(base.toString());
                waiting(browser)
                        .until(x ->
                                "live".equals(x.findElement(By.tagName("body")).getDomAttribute("data-stream")));
                dispatch(http, base, "Before");
                awaitRecorded(browser, "Before");

                a.close(); // kill -9
                for (int i = 0; i < 3; i++) {
                    dispatch(http, base, "WithoutA" + i);
                }
                awaitRecorded(browser, "WithoutA2");

                a = redis.instance("failover-a-again", settings, portA);
                b.close(); // kill -9 the other one too: whichever served the page has now died
                for (int i = 0; i < 3; i++) {
                    dispatch(http, base, "WithoutB" + i);
                }
                awaitRecorded(browser, "WithoutB2");

                List<Long> ids = browser.findElements(By.cssSelector("#event-list .event[data-id]")).stream()
                        .map(e -> Long.parseLong(e.getDomAttribute("data-id")))
                        .sorted()
                        .toList();
                for (int i = 1; i < ids.size(); i++) {
                    assertEquals(ids.get(i - 1) + 1, ids.get(i), "an unbroken run of ids: " + ids);
                }
                String reconnects = browser.findElement(By.tagName("body")).getDomAttribute("data-reconnects");
                assertTrue(
                        reconnects != null && Integer.parseInt(reconnects) >= 1,
                        "the page's stream was cut and resumed: " + reconnects);
                assertTrue(
                        browser.findElements(By.cssSelector("#event-list .event[data-type='reset']"))
                                .isEmpty(),
                        "resumed without loss, so no reset");
            } finally {
                browser.quit();
                a.close();
                b.close();
            }
        }
    }
}
