package io.sitewatch.service;

import io.sitewatch.core.config.SiteWatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's people: an admin (SITEWATCH_ADMIN_TOKEN when set), regulators of Fuzhou (350100) and
 * Xiamen (350200), a rater, a device administrator and the safety officer of the Gulou site (role
 * site). Each gets an access token and a password to sign in with, generated once and kept in the
 * data directory (owner-only file), so they stay valid across demo restarts.
 */
final class DemoTokens {

    record Demo(String name, String role, List<String> regions, List<String> sites, String displayName) {
    }

    static final List<Demo> DEMOS = List.of(
            new Demo("admin", "admin", List.of(), List.of(), "系统管理员"),
            new Demo("regulator-fuzhou", "regulator", List.of("350100"), List.of(), "福州市住建局 监管员"),
            new Demo("regulator-xiamen", "regulator", List.of("350200"), List.of(), "厦门市建设局 监管员"),
            new Demo("rater", "rater", List.of(), List.of(), "星级评价员"),
            new Demo("device-admin", "device-admin", List.of(), List.of(), "设备管理员"),
            new Demo("site-fz-gl", "site", List.of(), List.of("FZ-GL-001"), "鼓楼项目 安全员"));

    /** What the demo keeps per person: the access token and the password to sign in with. */
    record Secret(String token, String password) {
    }

    private DemoTokens() {
    }

    /** Tokens and passwords, made on first use and kept. */
    static Map<Demo, Secret> secrets(Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-tokens.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        boolean changed = false;
        Map<Demo, Secret> out = new LinkedHashMap<>();
        for (Demo d : DEMOS) {
            String token = p.getProperty(d.name());
            if (token == null) {
                token = newToken();
                p.setProperty(d.name(), token);
                changed = true;
            }
            String password = p.getProperty("password." + d.name());
            if (password == null) {
                password = newPassword();
                p.setProperty("password." + d.name(), password);
                changed = true;
            }
            out.put(d, new Secret(token, password));
        }
        String admin = System.getenv("SITEWATCH_ADMIN_TOKEN");
        if (admin != null && !admin.isBlank()) {
            out.put(DEMOS.get(0), new Secret(admin, out.get(DEMOS.get(0)).password()));
        }
        if (changed) {
            Files.createDirectories(dataDir);
            try (var o = Files.newOutputStream(file)) {
                p.store(o, "SiteWatch demo tokens");
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        return out;
    }

    static List<SiteWatchConfig.TokenGrant> grants(Map<Demo, String> tokens) {
        return tokens.entrySet().stream()
                .map(e -> new SiteWatchConfig.TokenGrant(e.getValue(), e.getKey().name(), e.getKey().role(), e.getKey().regions(),
                        e.getKey().sites()))
                .toList();
    }

    /** Twelve letters and digits without look-alikes (0/O, 1/l/I), easy to type from the banner. */
    private static String newPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String newToken() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return "sw_" + HexFormat.of().formatHex(b);
    }
}
