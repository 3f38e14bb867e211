package dev.missioncontrol.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.missioncontrol.support.Browser;
import dev.missioncontrol.support.CuttableProxy;
import dev.missioncontrol.support.Tools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two browsers on the dashboard; one loses its network (a proxy in front of it is cut) for five seconds while the
 * other chats, and once it is back it shows every chat once, in order, and the room's recent chats on load.
 */
@QuarkusTest
class ChatReconnectBrowserTest {

    @TestHTTPResource("/")
    URI base;

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void awaitLive(ChromeDriver browser) {
        waiting(browser)
                .until(b -> "live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-comms")));
    }

    private static void say(ChromeDriver browser, String text) {
        browser.findElement(By.id("chat-text")).sendKeys(text, Keys.ENTER);
        waiting(browser).until(b -> shown(b, text) == 1);
    }

    private static long shown(org.openqa.selenium.WebDriver browser, String text) {
        return browser.findElements(By.cssSelector("#chat-list li[data-id]")).stream()
                .filter(li -> li.findElement(By.cssSelector(".text")).getText().equals(text))
                .count();
    }

    @Test
    void aPageThatLostItsNetworkShowsEveryChatOnceWhenItIsBack() throws Exception {
        Tools.require(Browser.missing());
        String run = UUID.randomUUID().toString().substring(0, 6);
        ChromeDriver talker = Browser.start(1000, 800);
        ChromeDriver listener = null;
        try (CuttableProxy network = CuttableProxy.to(base.getPort())) {
            talker.get(base.toString());
            awaitLive(talker);
            say(talker, run + " before the page opened");

            listener = Browser.start(1000, 800);
            listener.get("http://127.0.0.1:" + network.port() + base.getPath());
            awaitLive(listener);
            ChromeDriver page = listener;
            waiting(page).until(b -> shown(b, run + " before the page opened") == 1);
            say(talker, run + " while both are here");
            waiting(page).until(b -> shown(b, run + " while both are here") == 1);

            network.cut();
            long cutAt = System.nanoTime();
            waiting(page)
                    .until(b -> !"live".equals(b.findElement(By.tagName("body")).getDomAttribute("data-comms")));
            List<String> missed = List.of(run + " gap 1", run + " gap 2", run + " gap 3");
            for (String text : missed) {
                say(talker, text);
            }
            // Five seconds without a network, counted from the cut; the page's reconnect attempts fail meanwhile.
            long offlineMillis = (System.nanoTime() - cutAt) / 1_000_000;
            Thread.sleep(Math.max(0, 5000 - offlineMillis)); // the outage being simulated, not a wait for a result
            network.restore();
            awaitLive(page);
            for (String text : missed) {
                waiting(page).until(b -> shown(b, text) >= 1);
            }
            say(talker, run + " after");
            waiting(page).until(b -> shown(b, run + " after") == 1);

            List<WebElement> chats = page.findElements(By.cssSelector("#chat-list li[data-id]"));
            List<Long> ids = chats.stream()
                    .map(li -> Long.parseLong(li.getDomAttribute("data-id")))
                    .toList();
            assertEquals(ids.stream().distinct().count(), ids.size(), "no chat shown twice: " + ids);
            assertEquals(ids.stream().sorted().toList(), ids, "in the order they were said");
            for (String text : List.of(run + " before the page opened", run + " while both are here", run + " after")) {
                assertEquals(1, shown(page, text), text);
            }
            for (String text : missed) {
                assertEquals(1, shown(page, text), "the chat said while the page was offline, once: " + text);
            }
        } finally {
            talker.quit();
            if (listener != null) {
                listener.quit();
            }
        }
    }
}
