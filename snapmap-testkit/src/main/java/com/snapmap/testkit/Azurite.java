package com.snapmap.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A real Azurite blob service (Microsoft's Azure Storage emulator) as a child {@code node} process
 * on loopback, on a free port, storing into a temporary folder that is deleted on close (or into a
 * given folder that is kept). It runs through {@value #DURABLE_WRAPPER}, which makes every write
 * persist its index before the reply (see that script). Azurite itself must already be installed
 * (npm) into {@code node_modules}.
 */
public final class Azurite implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development account key. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public static final String DEFAULT_MAIN_JS = "node_modules/azurite/dist/src/blob/main.js";
    /** The class-path resource that runs Azurite durably: {@code node durable-azurite.js MAIN_JS [options]}. */
    public static final String DURABLE_WRAPPER = "durable-azurite.js";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path mainJs;
    private Process process;
    private Path location;
    private boolean deleteOnClose;
    private Path wrapper;
    private int port;

    /** @param mainJs Azurite's {@code dist/src/blob/main.js} */
    public Azurite(Path mainJs) {
        this.mainJs = mainJs;
    }

    /** Azurite from {@code node_modules} of the current working directory (the Maven module). */
    public Azurite() {
        this(Paths.get(DEFAULT_MAIN_JS));
    }

    /** On a free port, in a temporary folder deleted on close. */
    public Azurite start() {
        try {
            Path dir = Files.createTempDirectory("azurite-");
            deleteOnClose = true;
            return start(dir, FreePorts.next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On {@code port}, keeping its data in {@code dir} (kept on close: start it again on the same folder). */
    public Azurite start(Path dir, int port) {
        if (!Files.isRegularFile(mainJs)) {
            throw new IllegalStateException(
                    "Azurite not installed: " + mainJs.toAbsolutePath() + " is missing (run npm install)");
        }
        try {
            location = dir;
            this.port = port;
            Files.createDirectories(dir);
            wrapper = Files.createTempFile("durable-azurite-", ".js");
            try (InputStream in = Azurite.class.getResourceAsStream("/" + DURABLE_WRAPPER)) {
                Files.copy(in, wrapper, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = location.resolve("azurite.out");
            process = new ProcessBuilder(List.of(
                            "node", wrapper.toString(), mainJs.toString(),
                            "--blobHost", "127.0.0.1",
                            "--blobPort", Integer.toString(port),
                            "--location", location.resolve("data").toString(),
                            "--skipApiVersionCheck", "--loose", "--disableTelemetry"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitPort(log);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash would: nothing is flushed or closed (the folder is kept). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        process = null;
        wrapper.toFile().delete();
        wrapper = null;
    }

    private void awaitPort(Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll, not a fixed wait
            }
        }
        close();
        throw new IllegalStateException("Azurite did not open port " + port + " within " + STARTUP_TIMEOUT);
    }

    public int port() {
        return port;
    }

    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (wrapper != null) {
            wrapper.toFile().delete();
            wrapper = null;
        }
        if (location != null && deleteOnClose) {
            Directories.deleteTree(location);
        }
        location = null;
    }
}
