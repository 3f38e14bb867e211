package dev.missioncontrol.support;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Debian chromium driven through Debian's chromedriver (`.ci/run` installs both). */
public final class Browser {

    private Browser() {}

    /** Why a browser test cannot run here, if it cannot. */
    public static Optional<String> missing() {
        if (Tools.find("chromium").isEmpty() || Tools.find("chromedriver").isEmpty()) {
            return Optional.of(
                    "chromium and chromedriver are not installed; .ci/run installs them (Debian: chromium chromium-driver)");
        }
        return Optional.empty();
    }

    /** A new headless browser with a window of the given size. */
    public static ChromeDriver start(int width, int height) throws java.io.IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Tools.find("chromium").orElseThrow().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Tools.find("chromedriver").orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
