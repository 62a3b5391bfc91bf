package io.sitewatch.simulator.load;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A private Mosquitto on a free port, tuned not to drop QoS 1 (see measured-here.md). Fails if absent. */
final class MosquittoBroker implements AutoCloseable {
    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        Path binary = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "mosquitto")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(
                        "mosquitto not found on PATH; install it (apt-get install mosquitto) — this test needs a real broker"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        // No count limit on queues: Debian 12's Mosquitto 2.0.11 drops everything for a client after
        // about max_queued_messages packets, backlog or not (docs/broker.md).
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1", "allow_anonymous true", "max_queued_messages 0",
                "max_inflight_messages 2000", "persistence false", "log_dest none", ""));
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new MosquittoBroker(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("mosquitto did not start on port " + port + ": " + Files.readString(dir.resolve("mosquitto.log")));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
