package io.sitewatch.service.testsupport;

import io.sitewatch.testkit.TestPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as a separate JVM ({@code Main serve --config FILE}), so a test can kill it with
 * SIGKILL the way a power cut or the OOM killer would, and start it again.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path config;
    private final Path log;
    private final int httpPort;
    private Process process;

    public ServiceProcess(Path workDir, String jdbcUrl, String mqttUrl, String clientId, int httpPort) throws Exception {
        this.httpPort = httpPort;
        this.config = workDir.resolve("sitewatch.yaml");
        this.log = workDir.resolve("service.log");
        Files.writeString(config, """
                http: {host: 127.0.0.1, port: %d}
                mqtt: {url: "%s", clientId: "%s"}
                database: {jdbcUrl: "%s", user: "%s"}
                auth:
                  tokens:
                    - {token: "%s", name: admin, role: admin}
                """.formatted(httpPort, mqttUrl, clientId, jdbcUrl, TestPostgres.user(), ServiceFixture.ADMIN));
    }

    public ServiceProcess start() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", cp, "io.sitewatch.service.Main", "serve",
                "--config", config.toString(), "--http-port", Integer.toString(httpPort)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ServiceFixture.awaitQuery("service healthy and connected", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + "; log: " + Files.readString(log));
            }
            var r = ServiceFixture.http(httpPort, "GET", "/health", null, null);
            return r.statusCode() == 200 && r.body().contains("\"connected\":true");
        });
        return this;
    }

    /** SIGKILL: no shutdown hook, no drain, no last acknowledgements. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public int httpPort() {
        return httpPort;
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
