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
 * Tokens of the demo: an admin (SITEWATCH_ADMIN_TOKEN when set), regulators of Fuzhou (350100) and
 * Xiamen (350200), a rater and a device administrator. Generated once and kept in the data
 * directory (owner-only file), so they stay valid across demo restarts.
 */
final class DemoTokens {

    record Demo(String name, String role, List<String> regions) {
    }

    static final List<Demo> DEMOS = List.of(
            new Demo("admin", "admin", List.of()),
            new Demo("regulator-fuzhou", "regulator", List.of("350100")),
            new Demo("regulator-xiamen", "regulator", List.of("350200")),
            new Demo("rater", "rater", List.of()),
            new Demo("device-admin", "device-admin", List.of()));

    private DemoTokens() {
    }

    static Map<Demo, String> load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-tokens.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        boolean changed = false;
        Map<Demo, String> out = new LinkedHashMap<>();
        for (Demo d : DEMOS) {
            String token = p.getProperty(d.name());
            if (token == null) {
                token = newToken();
                p.setProperty(d.name(), token);
                changed = true;
            }
            out.put(d, token);
        }
        String admin = System.getenv("SITEWATCH_ADMIN_TOKEN");
        if (admin != null && !admin.isBlank()) {
            out.put(DEMOS.get(0), admin);
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
                .map(e -> new SiteWatchConfig.TokenGrant(e.getValue(), e.getKey().name(), e.getKey().role(), e.getKey().regions()))
                .toList();
    }

    private static String newToken() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return "sw_" + HexFormat.of().formatHex(b);
    }
}
