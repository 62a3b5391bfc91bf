package io.sitewatch.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto for tests and benchmarks: the machine's {@code mosquitto} (on the PATH or in
 * /usr/sbin) on a free port on 127.0.0.1, configured as production is, with the project's tuning
 * (service/deploy/mosquitto/conf.d/sitewatch-tuning.conf) appended to a listener and no
 * persistence. {@link #start()} returns once the broker accepts connections; it can be stopped and
 * started again on the same port. Which broker ran is printed. Without a mosquitto binary it fails
 * with one line saying how to install it: no test silently skips the broker.
 *
 * <p>{@link Builder#deployment(Path)} starts instead the project's production configuration
 * (service/deploy/mosquitto/mosquitto.conf: no anonymous access, password file, ACL, a TLS
 * listener), moved to a folder of the test's and to free ports: what the security tests run.
 */
public final class TestBroker implements AutoCloseable {

    private static final String TUNING = "service/deploy/mosquitto/conf.d/sitewatch-tuning.conf";
    private static final String DEPLOYED = "service/deploy/mosquitto/mosquitto.conf";
    /** Where the production configuration expects its files. */
    private static final String DEPLOYED_DIR = "/etc/mosquitto/sitewatch/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static TestBroker shared;

    private final Path binary;
    private final Path config;
    private final Path log;
    private final int port;
    private final int tlsPort;
    private Process process;

    private TestBroker(Path binary, Path config, Path log, int port, int tlsPort) {
        this.binary = binary;
        this.config = config;
        this.log = log;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** One broker for the whole JVM, stopped when it exits. */
    public static synchronized TestBroker shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-test-broker"));
        }
        return shared;
    }

    /** A broker of one's own (for a test that stops, restarts or loads it), in a new temporary directory. */
    public static TestBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to start a broker; every setting has the tests' default. */
    public static final class Builder {
        private Path binary;
        private Path tuning;
        private Path directory;
        private boolean fullLog;
        private Path deployment;
        private boolean requireCertificate;

        private Builder() {
        }

        /**
         * The project's production configuration instead of the open test broker: its password
         * file, ACL and TLS files are read from {@code files} (which stands for
         * /etc/mosquitto/sitewatch/ and must hold {@code passwords}, {@code acl} and
         * {@code tls/ca.crt}, {@code tls/server.crt}, {@code tls/server.key}), its plain and TLS
         * listeners go to free ports on 127.0.0.1, its tuning folder is the project's (or the one
         * of {@link #tuning}), and it keeps nothing on disk (no persistence). Run as root, the
         * broker reads these files as the user {@code mosquitto}, as it does in production.
         */
        public Builder deployment(Path files) {
            this.deployment = files;
            return this;
        }

        /** With {@link #deployment}: the TLS listener requires a client certificate signed by its CA. */
        public Builder requireClientCertificate() {
            this.requireCertificate = true;
            return this;
        }

        /** The mosquitto binary (default: the first on the PATH, else /usr/sbin/mosquitto). */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** The tuning file appended to the configuration (default: the project's). */
        public Builder tuning(Path tuning) {
            this.tuning = tuning;
            return this;
        }

        /** Where the configuration and the log go (default: a new temporary directory). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Logs everything the broker says, to {@link #log()} (default: errors and warnings only). */
        public Builder fullLog() {
            this.fullLog = true;
            return this;
        }

        public TestBroker start() {
            Path exe = binary != null ? requireExecutable(binary) : mosquittoBinary();
            try {
                Path tuningFile = tuning != null ? tuning : tuningFile();
                Path dir = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("sitewatch-mosquitto");
                int port = freePort();
                int tlsPort = deployment == null ? 0 : freePort();
                Path conf = dir.resolve("mosquitto.conf");
                Files.writeString(conf, deployment != null ? deployed(port, tlsPort, tuningFile)
                        : "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + (fullLog ? "log_dest stdout\n" : "log_dest stdout\nlog_type error\nlog_type warning\n")
                        + "\n# " + tuningFile.toAbsolutePath() + "\n" + Files.readString(tuningFile));
                TestBroker broker = new TestBroker(exe, conf, dir.resolve("mosquitto.log"), port, tlsPort);
                broker.launch();
                System.out.println("[sitewatch-test] MQTT broker: Mosquitto " + exe + " on 127.0.0.1:" + port
                        + (deployment == null ? "" : " and TLS on 127.0.0.1:" + tlsPort + " with " + deployedFile()
                                + " over " + deployment)
                        + " with " + tuningFile + " (log " + broker.log + ")");
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start mosquitto: " + e.getMessage(), e);
            }
        }

        /**
         * The production configuration, line by line: its folder moved to {@link #deployment}, its
         * two listeners (1883, 8883) to the given ports on the loopback, persistence off and the
         * log on stdout.
         */
        private String deployed(int port, int tlsPort, Path tuningFile) throws IOException {
            Path prod = deployedFile();
            String files = deployment.toAbsolutePath() + "/";
            StringBuilder b = new StringBuilder("# " + prod.toAbsolutePath() + ", moved to " + files + "\nlog_dest stdout\n");
            if (fullLog) {
                b.append("log_type all\n");
            }
            boolean sawPlain = false;
            boolean sawTls = false;
            for (String line : Files.readAllLines(prod)) {
                String l = line.strip();
                if (l.equals("listener 1883")) {
                    l = "listener " + port + " 127.0.0.1";
                    sawPlain = true;
                } else if (l.equals("listener 8883")) {
                    l = "listener " + tlsPort + " 127.0.0.1";
                    sawTls = true;
                } else if (l.startsWith("persistence ")) {
                    l = "persistence false";
                } else if (l.startsWith("persistence_location") || l.startsWith("autosave_interval")) {
                    continue;
                } else if (l.startsWith("include_dir ")) {
                    l = "include_dir " + tuningFile.toAbsolutePath().getParent();
                } else if (l.startsWith("require_certificate ")) {
                    l = "require_certificate " + requireCertificate;
                } else {
                    l = l.replace(DEPLOYED_DIR, files);
                }
                b.append(l).append('\n');
            }
            if (!sawPlain || !sawTls) {
                throw new IllegalStateException(prod + " no longer has the lines 'listener 1883' and 'listener 8883' this broker moves");
            }
            return b.toString();
        }
    }

    /** The project's production configuration, found from the working directory upwards. */
    public static Path deployedFile() {
        return projectFile(DEPLOYED);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The TLS listener's URL ({@link Builder#deployment} only). */
    public String tlsUrl() {
        return "ssl://127.0.0.1:" + tlsPort();
    }

    /** The TLS listener's port ({@link Builder#deployment} only). */
    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this broker has no TLS listener: start it with TestBroker.builder().deployment(...)");
        }
        return tlsPort;
    }

    /**
     * SIGHUP: Mosquitto reads its password file and ACL again (and disconnects clients whose
     * account is gone). Returns once the signal is sent; the broker applies it in its next loop.
     */
    public synchronized void reload() {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -HUP " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling mosquitto", e);
        }
    }

    /** The broker process's id (for CPU accounting). */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 5 s); clients lose their connections. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the broker if it runs and starts it again on the same port, empty (no persistence). */
    public synchronized void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart mosquitto: " + e.getMessage(), e);
        }
    }

    private synchronized void launch() throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        boolean listening;
        try {
            listening = Await.poll(START_TIMEOUT, () -> {
                if (!p.isAlive()) {
                    throw new IOException("mosquitto exited with " + p.exitValue() + ": " + Files.readString(log));
                }
                return accepts(port) && (tlsPort == 0 || accepts(tlsPort));
            });
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for mosquitto to listen", e);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("waiting for mosquitto to listen: " + e, e);
        }
        if (!listening) {
            p.destroyForcibly();
            throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT.toSeconds()
                    + " s: " + Files.readString(log));
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

    /** The machine's mosquitto: the first on the PATH, else /usr/sbin/mosquitto; fails saying how to install it. */
    public static Path mosquittoBinary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "mosquitto"));
            }
        }
        candidates.add(Path.of("/usr/sbin/mosquitto"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new IllegalStateException(
                "no mosquitto on the PATH or in /usr/sbin: install it (apt-get install mosquitto); the tests need a real broker");
    }

    private static Path requireExecutable(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "no mosquitto at " + binary + ": install it (apt-get install mosquitto) or name the binary to use");
        }
        return binary;
    }

    /** The project's broker tuning, found from the working directory upwards (a module or the root). */
    public static Path tuningFile() {
        return projectFile(TUNING);
    }

    private static Path projectFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(relative);
            if (Files.exists(f)) {
                return f;
            }
        }
        throw new IllegalStateException("cannot find " + relative + " above " + Path.of("").toAbsolutePath());
    }

    /** A port free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
