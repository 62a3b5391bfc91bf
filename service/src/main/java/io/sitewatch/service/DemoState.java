package io.sitewatch.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;

/**
 * What the demo keeps in its data directory about itself ({@code demo-history.properties}): its
 * first day (the anchor its fleet's dates are moved to, kept so that a later start plays the same
 * stories on the same dates) and where its history stands ({@code seeding}, {@code done},
 * {@code none}, or why it was skipped). A history left at {@code seeding} was interrupted: it is
 * not uploaded again over what arrived.
 */
record DemoState(LocalDate anchor, String history) {

    static final String FILE = "demo-history.properties";

    static DemoState load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new DemoState(null, null);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String anchor = p.getProperty("anchor");
        return new DemoState(anchor == null ? null : LocalDate.parse(anchor), p.getProperty("history"));
    }

    void save(Path dataDir) throws IOException {
        Properties p = new Properties();
        if (anchor != null) {
            p.setProperty("anchor", anchor.toString());
        }
        if (history != null) {
            p.setProperty("history", history);
        }
        try (OutputStream out = Files.newOutputStream(dataDir.resolve(FILE))) {
            p.store(out, "SiteWatch demo: its first day and its history");
        }
    }
}
