package io.sitewatch.service.testsupport;

import io.sitewatch.service.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT broker for tests. Mosquitto, started on a free port with the project's own tuning
 * (service/deploy/mosquitto/conf.d/sitewatch-tuning.conf), whenever the binary exists (CI installs
 * it); otherwise the embedded HiveMQ broker the demo uses. Which one ran is printed.
 */
public final class TestBroker implements AutoCloseable {

    private static TestBroker shared;

    private final String url;
    private final Process mosquitto;
    private final EmbeddedBroker hivemq;
    private final String description;

    private TestBroker(String url, Process mosquitto, EmbeddedBroker hivemq, String description) {
        this.url = url;
        this.mosquitto = mosquitto;
        this.hivemq = hivemq;
        this.description = description;
    }

    /** One broker for the whole test JVM. */
    public static synchronized TestBroker shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A broker of one's own (for tests that restart or load it). */
    public static TestBroker start() {
        try {
            int port = freePort();
            Path binary = mosquittoBinary();
            TestBroker b;
            if (binary != null) {
                Path dir = Files.createTempDirectory("sitewatch-mosquitto");
                Path conf = dir.resolve("mosquitto.conf");
                Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + "log_dest stderr\nlog_type error\nlog_type warning\n" + Files.readString(tuningFile()));
                Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
                awaitPort(port, p);
                b = new TestBroker("tcp://127.0.0.1:" + port, p, null,
                        "Mosquitto " + binary + " with the project's tuning on port " + port);
            } else {
                Path data = Files.createTempDirectory("sitewatch-hivemq");
                EmbeddedBroker h = EmbeddedBroker.start(data, "127.0.0.1", port);
                b = new TestBroker("tcp://127.0.0.1:" + port, null, h,
                        "embedded HiveMQ on port " + port + " (mosquitto is not installed)");
            }
            System.out.println("[sitewatch-test] MQTT broker: " + b.description);
            return b;
        } catch (Exception e) {
            throw new IllegalStateException("no MQTT broker could be started: " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    public boolean isMosquitto() {
        return mosquitto != null;
    }

    static Path mosquittoBinary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, "mosquitto"));
        }
        candidates.add(Path.of("/usr/sbin/mosquitto"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }

    static Path tuningFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path f = dir.resolve("service/deploy/mosquitto/conf.d/sitewatch-tuning.conf");
            if (Files.exists(f)) {
                return f;
            }
            f = dir.resolve("deploy/mosquitto/conf.d/sitewatch-tuning.conf");
            if (Files.exists(f)) {
                return f;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find service/deploy/mosquitto/conf.d/sitewatch-tuning.conf");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + p.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    @Override
    public void close() {
        if (mosquitto != null) {
            mosquitto.destroy();
            try {
                mosquitto.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (hivemq != null) {
            try {
                hivemq.close();
            } catch (Exception ignored) {
                // test teardown
            }
        }
    }
}
