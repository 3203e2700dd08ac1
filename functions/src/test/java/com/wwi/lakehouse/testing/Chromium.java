package com.wwi.lakehouse.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium: no Selenium Manager, no download,
 * no background traffic ({@code --disable-background-networking} and the flags around it), a fresh profile per
 * browser. When the packages are missing and the test runs as root with apt-get (CI, this machine), it installs them
 * ({@code apt-get install chromium chromium-driver}); otherwise it fails saying so.
 */
public final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A headless browser with a fresh profile under {@code profile}. Quit it when done. */
    public static ChromeDriver start(Path profile) throws IOException, InterruptedException {
        ensureInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--no-default-browser-check", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--password-store=basic", "--window-size=1600,1200", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withSilent(true).build();
        return new ChromeDriver(service, options);
    }

    static void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && new File("/usr/bin/apt-get").canExecute()) {
            Process p = new ProcessBuilder(List.of("sh", "-c",
                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(15, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isExecutable(DRIVER)) {
                return;
            }
        }
        throw new IllegalStateException("the browser test needs Debian's Chromium: apt-get install chromium"
                + " chromium-driver (.ci/run installs them)");
    }
}
