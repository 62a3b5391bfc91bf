package io.sitewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SiteWatch service as a child JVM ({@code java -Xmx… -jar sitewatch-service.jar serve}), so
 * that its heap, threads and CPU are its own and the benchmark reaches it only over MQTT, HTTP and
 * SQL. Output goes to {@code service.log} in the run folder.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Path jar, String xmx, List<String> jvmArgs, Path config, int httpPort, Path dir)
            throws IOException {
        return start(jar, xmx, jvmArgs, config, httpPort, dir, "service.log");
    }

    /** As {@link #start(Path, String, List, Path, int, Path)}, its output to {@code logName} in {@code dir}. */
    static ServiceProcess start(Path jar, String xmx, List<String> jvmArgs, Path config, int httpPort, Path dir,
                                String logName) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("service jar " + jar + " not found; build it: mvn -B -DskipTests package -pl service -am");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // The collector the launcher (./sitewatch) uses by default; --service-jvm-arg can override it.
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+UseParallelGC"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(),
                "--http-port", Integer.toString(httpPort)));
        Path log = dir.resolve(logName);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SITEWATCH_"));
        Files.writeString(dir.resolve("service.cmd"), String.join(" ", cmd) + "\n");
        return new ServiceProcess(pb.start(), log);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, as a crash or the kernel's OOM killer would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
