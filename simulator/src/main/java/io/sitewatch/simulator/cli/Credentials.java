package io.sitewatch.simulator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices' passwords as {@code sitewatch broker-credentials} hands them out: CSV with a header
 * naming at least {@code username} and {@code password}.
 */
final class Credentials {

    private Credentials() {
    }

    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("--credentials: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--credentials " + file + " is empty; expected the header username,site_id,password");
        }
        List<String> header = List.of(lines.get(0).strip().split(","));
        int user = header.indexOf("username");
        int password = header.indexOf("password");
        if (user < 0 || password < 0) {
            throw new IllegalArgumentException("--credentials " + file + ": the first line must name the columns username and password,"
                    + " got '" + lines.get(0) + "'");
        }
        Map<String, String> byUser = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("--credentials " + file + " line " + (i + 1) + ": expected " + header.size()
                        + " columns, got " + cells.length);
            }
            byUser.put(cells[user], cells[password]);
        }
        return byUser;
    }
}
