package io.sitewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the fault loop's own (initdb + pg_ctl in a temporary folder, on a free
 * loopback port), so that stopping and starting it never touches the machine's shared server.
 * Durable as production runs it (fsync and synchronous_commit on). Run as root, the server runs as
 * the {@code postgres} user (PostgreSQL refuses root).
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asRoot;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    static PrivatePostgres create(Path bin, int maxConnections) throws IOException, InterruptedException {
        if (!Files.isExecutable(bin.resolve("initdb"))) {
            throw new IOException("no initdb in " + bin + " (install postgresql-15 or name the folder with --pg-bin)");
        }
        Path dir = Files.createTempDirectory("sitewatch-fault-pg");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, io.sitewatch.testkit.TestBroker.freePort());
        if (pg.asRoot) {
            pg.run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-locale"), true);
        Files.writeString(pg.data.resolve("postgresql.auto.conf"), """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                max_connections = %d
                shared_buffers = 256MB
                fsync = on
                synchronous_commit = on
                """.formatted(pg.port, dir, maxConnections));
        pg.start();
        return pg;
    }

    int port() {
        return port;
    }

    String serverUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    Path log() {
        return log;
    }

    void start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "start"), true);
    }

    /** Fast shutdown: sessions are ended, committed work is kept (as a service restart by an operator). */
    void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), true);
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && asRoot) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** Stops the server and removes its folder (the log is copied to {@code keepLogIn} first). */
    void close(Path keepLogIn) {
        try {
            stop();
        } catch (Exception e) {
            System.err.println("stopping the private PostgreSQL: " + e.getMessage());
        }
        try {
            if (Files.exists(log)) {
                Files.copy(log, keepLogIn.resolve("postgres.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            System.err.println("removing " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        close(dir.getParent());
    }
}
