package io.sitewatch.service.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA made at test time with the machine's {@code openssl} (the same commands docs/broker.md gives
 * operators), and certificates it signs: the broker's for 127.0.0.1 and localhost, and a client's.
 * Keys are EC P-256, PKCS#8 PEM; nothing is ever committed. Without openssl it fails saying how to
 * install it.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA, its files in {@code dir} ({@code ca.crt}, {@code ca.key}). */
    public static TestCertificates newCa(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates ca = new TestCertificates(dir);
        ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/O=SiteWatch tests/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** The broker's certificate and key ({@code server.crt}, {@code server.key}) for 127.0.0.1 and localhost. */
    public void server() throws IOException, InterruptedException {
        sign("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate and key ({@code <name>.crt}, {@code <name>.key}). */
    public void client(String name) throws IOException, InterruptedException {
        sign(name, name, "extendedKeyUsage=clientAuth\n");
    }

    public Path certificate(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void sign(String name, String commonName, String extensions) throws IOException, InterruptedException {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/O=SiteWatch tests/CN=" + commonName);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", name + ".crt", "-extfile", ext.getFileName().toString());
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("no openssl on the PATH: install it (apt-get install openssl); the TLS tests make their CA with it", e);
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + said);
        }
    }
}
