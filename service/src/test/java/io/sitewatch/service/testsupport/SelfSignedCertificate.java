package io.sitewatch.service.testsupport;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with the JDK's own
 * {@code keytool} (EC P-256, valid two days) and written as the PEM files an operator configures
 * ({@code server.crt}, {@code server.key} in PKCS#8). Nothing is ever committed.
 */
public final class SelfSignedCertificate {

    private static final String PASSWORD = "test-only-store";

    private final Path certificate;
    private final Path key;
    private final KeyStore store;

    private SelfSignedCertificate(Path certificate, Path key, KeyStore store) {
        this.certificate = certificate;
        this.key = key;
        this.store = store;
    }

    public static SelfSignedCertificate create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve("server.p12");
        Files.deleteIfExists(p12);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost, O=SiteWatch tests",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + said);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = store.getCertificate("server");
        PrivateKey privateKey = (PrivateKey) store.getKey("server", PASSWORD.toCharArray());
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(crt, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        return new SelfSignedCertificate(crt, key, trust);
    }

    public Path certificate() {
        return certificate;
    }

    public Path key() {
        return key;
    }

    /** A TLS context that trusts this certificate (and nothing else). */
    public SSLContext trustingContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
