package io.sitewatch.bench;

import io.sitewatch.testkit.TestBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto as production runs it for the fault loop: the project's tuning, {@code persistence
 * true} with a persistence file of its own, on a free loopback port. {@link #restart()} stops it
 * with SIGTERM (it writes its persistence file) and starts it again on the same port and file:
 * queued QoS 1 messages of persistent sessions survive.
 */
final class PersistentBroker implements AutoCloseable {

    private final Path binary;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private PersistentBroker(Path binary, Path config, Path log, int port) {
        this.binary = binary;
        this.config = config;
        this.log = log;
        this.port = port;
    }

    static PersistentBroker start(Path binary, Path tuning, Path dir) throws IOException, InterruptedException {
        int port = TestBroker.freePort();
        Path store = Files.createDirectories(dir.resolve("mosquitto-data"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Run as root, Mosquitto drops to the user "mosquitto", which must be able to write its file.
            new ProcessBuilder("chown", "-R", "mosquitto", store.toString()).inheritIO().start().waitFor();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + "persistence true\npersistence_location " + store + "/\npersistence_file mosquitto.db\n"
                + "autosave_interval 60\nlog_dest stdout\nlog_type error\nlog_type warning\nlog_type notice\n"
                + "\n# " + tuning.toAbsolutePath() + "\n" + Files.readString(tuning));
        PersistentBroker b = new PersistentBroker(binary, conf, dir.resolve("mosquitto.log"), port);
        b.launch();
        return b;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (the broker saves its persistence file), wait for the exit, start again. */
    void restart(long downMs) throws IOException, InterruptedException {
        stop();
        Thread.sleep(downMs);
        launch();
    }

    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    private void launch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!accepts(port)) {
            if (!p.isAlive()) {
                throw new IOException("mosquitto exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IOException("mosquitto did not listen on " + port + " within 30 s; see " + log);
            }
            Thread.sleep(50);
        }
        process = p;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
