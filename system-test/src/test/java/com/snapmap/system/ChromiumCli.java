package com.snapmap.system;

import com.snapmap.testkit.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless {@code chromium} from its command line: a page's DOM after its scripts ran,
 * and a screenshot. Every run gets a fresh profile and no network chatter of its own.
 */
final class ChromiumCli {

    static final String BINARY = System.getProperty("snapmap.chromium", "/usr/bin/chromium");

    private ChromiumCli() {}

    /** The DOM once the page has had {@code budgetMs} of (virtual) time, network waits not counted. */
    static String dumpDom(String url, int budgetMs) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--virtual-time-budget=" + budgetMs, url));
    }

    static void screenshot(String url, Path png, int budgetMs) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("--screenshot=" + png, "--window-size=1280,800", "--hide-scrollbars", "--virtual-time-budget=" + budgetMs, url));
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("snapmap-chromium-");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path out = Files.createTempFile("chromium-", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("chromium did not finish within 2 minutes: " + cmd);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Directories.deleteTree(profile); // Chromium's helpers may still be removing their own files
        }
    }
}
