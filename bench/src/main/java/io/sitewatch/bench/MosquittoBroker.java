package io.sitewatch.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto on a free loopback port, configured as production is: the listener, no
 * persistence, and the shared tuning file's content appended ({@code mosquitto -p} alone would
 * ignore any configuration).
 */
final class MosquittoBroker implements AutoCloseable {

    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoBroker start(Path binary, Path tuning, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "log_dest stdout\n\n# " + tuning + "\n" + Files.readString(tuning));
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("mosquitto exited with " + p.exitValue() + ", see " + dir.resolve("mosquitto.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new MosquittoBroker(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
