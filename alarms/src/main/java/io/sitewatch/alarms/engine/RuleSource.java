package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.rule.InvalidRulesException;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.rule.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force. Loaded from the configured file (or the bundled defaults); {@link #reload()}
 * swaps in a new set only when the whole file is valid, so a bad edit leaves the old rules in
 * force and says why.
 */
public final class RuleSource {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSource.class);

    private final RuleLoader loader;
    private final Path file;
    private volatile RuleSet current;
    private volatile long fileStamp = -1;
    private volatile String lastError;

    public RuleSource(RuleLoader loader, Path file) throws InvalidRulesException {
        this.loader = loader;
        this.file = file;
        this.current = read();
    }

    public RuleSet current() {
        return current;
    }

    /** The error of the last refused reload, or null. */
    public String lastError() {
        return lastError;
    }

    /** Re-reads the rules; throws (keeping the current set) when the file is invalid. */
    public synchronized RuleSet reload() throws InvalidRulesException {
        try {
            RuleSet next = read();
            current = next;
            lastError = null;
            LOG.info("alarm rules loaded from {}: {} rules", next.origin(), next.rules().size());
            return next;
        } catch (InvalidRulesException e) {
            lastError = e.getMessage();
            LOG.error("alarm rules refused, the previous {} rules stay in force: {}", current.rules().size(), e.getMessage());
            throw e;
        }
    }

    /** Reloads when the file changed since the last look; for the periodic check. */
    public void reloadIfChanged() {
        if (file == null) {
            return;
        }
        try {
            long stamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (stamp != fileStamp) {
                reload();
            }
        } catch (IOException e) {
            LOG.warn("cannot read alarm rules file {}: {}", file, e.getMessage());
        } catch (InvalidRulesException e) {
            // logged by reload; the stamp is kept so the same bad file is reported once
        }
    }

    private RuleSet read() throws InvalidRulesException {
        if (file == null) {
            try (InputStream in = RuleSource.class.getResourceAsStream(RuleLoader.DEFAULT_RESOURCE)) {
                return loader.load(in, "bundled " + RuleLoader.DEFAULT_RESOURCE);
            } catch (IOException e) {
                throw new InvalidRulesException("cannot read the bundled rules: " + e.getMessage(), e);
            }
        }
        try {
            fileStamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                return loader.load(in, file.toString());
            }
        } catch (IOException e) {
            throw new InvalidRulesException(file + ": " + e.getMessage(), e);
        }
    }
}
