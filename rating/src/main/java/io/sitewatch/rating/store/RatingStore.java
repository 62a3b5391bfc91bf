package io.sitewatch.rating.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.catalogue.CatalogueVersion;
import io.sitewatch.rating.catalogue.InvalidCatalogueException;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.score.RatingResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The rating's own tables (V10): catalogue versions, manual evidence and its audit, submissions, history. */
public final class RatingStore {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DataSource ds;

    public RatingStore(DataSource ds) {
        this.ds = ds;
    }

    // ---- catalogue versions ----

    /** Who stored the catalogues SiteWatch ships ({@link CatalogueLoader#BUNDLED}). */
    public static final String BUNDLED_BY = "sitewatch";

    /**
     * The newest catalogue. The bundled one becomes version 1 on first use; when the newest is an
     * older bundled default (stored by {@link #BUNDLED_BY}) and this release bundles another, that
     * one becomes the next version. A catalogue an authority stored is never replaced this way.
     * Submissions keep the version they were computed with, so nothing approved changes.
     */
    public CatalogueVersion currentCatalogue() throws SQLException {
        Optional<CatalogueVersion> newest = catalogueWhere("ORDER BY version DESC LIMIT 1", null);
        String bundledLabel = Bundled.CATALOGUE.label();
        if (newest.isPresent() && !(BUNDLED_BY.equals(newest.get().createdBy()) && !bundledLabel.equals(newest.get().label()))) {
            return newest.get();
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO rating_catalogue (version, label, yaml, created_by, created_at)
                     SELECT coalesce(max(version), 0) + 1, ?, ?, ?, now() FROM rating_catalogue
                     HAVING NOT bool_or(label = ? AND created_by = ?) IS TRUE
                     RETURNING version, label, yaml, created_by, created_at""")) {
            ps.setString(1, bundledLabel);
            ps.setString(2, Bundled.YAML);
            ps.setString(3, BUNDLED_BY);
            ps.setString(4, bundledLabel);
            ps.setString(5, BUNDLED_BY);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return readCatalogue(rs);
                }
            }
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            // another instance stored it meanwhile
        }
        // stored before (the newest older default was put back by hand, or another instance was first): the newest holds
        return catalogueWhere("ORDER BY version DESC LIMIT 1", null).orElseThrow();
    }

    /**
     * The catalogue {@link #currentCatalogue()} would use now, read without storing anything (for a
     * read-only look such as {@code rating compute}): the newest stored one, or, where
     * {@code currentCatalogue} would store this release's bundled one first, that one numbered as it
     * would be stored.
     *
     * @param now epoch ms, the creation time given to a bundled catalogue not stored yet
     */
    public CatalogueVersion catalogueInUse(long now) throws SQLException {
        Optional<CatalogueVersion> newest = catalogueWhere("ORDER BY version DESC LIMIT 1", null);
        String bundledLabel = Bundled.CATALOGUE.label();
        if (newest.isPresent() && !(BUNDLED_BY.equals(newest.get().createdBy()) && !bundledLabel.equals(newest.get().label()))) {
            return newest.get();
        }
        if (newest.isPresent()) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rating_catalogue WHERE label = ? AND created_by = ?")) {
                ps.setString(1, bundledLabel);
                ps.setString(2, BUNDLED_BY);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return newest.get();
                    }
                }
            }
        }
        return new CatalogueVersion(newest.map(v -> v.version() + 1).orElse(1), bundledLabel, Bundled.YAML, BUNDLED_BY, now,
                Bundled.CATALOGUE);
    }

    /** The catalogue this release bundles, read and checked once. */
    private static final class Bundled {
        static final String YAML = CatalogueLoader.bundledYaml();
        static final io.sitewatch.rating.catalogue.Catalogue CATALOGUE = parse();

        private static io.sitewatch.rating.catalogue.Catalogue parse() {
            try {
                return CatalogueLoader.parse(YAML);
            } catch (InvalidCatalogueException e) {
                throw new IllegalStateException("the bundled catalogue is invalid: " + e.getMessage(), e);
            }
        }
    }

    public Optional<CatalogueVersion> catalogue(int version) throws SQLException {
        return catalogueWhere("WHERE version = ?", version);
    }

    public List<CatalogueVersion> catalogues() throws SQLException {
        List<CatalogueVersion> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, label, yaml, created_by, created_at FROM rating_catalogue ORDER BY version")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readCatalogue(rs));
                }
            }
        }
        return out;
    }

    /** Validates and stores a new version (the next number); concurrent adds conflict on the key and one retries. */
    public CatalogueVersion addCatalogue(String yaml, String by) throws SQLException, InvalidCatalogueException {
        var parsed = CatalogueLoader.parse(yaml);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO rating_catalogue (version, label, yaml, created_by, created_at)
                     SELECT coalesce(max(version), 0) + 1, ?, ?, ?, now() FROM rating_catalogue
                     RETURNING version, label, yaml, created_by, created_at""")) {
            ps.setString(1, parsed.label());
            ps.setString(2, yaml);
            ps.setString(3, by);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return readCatalogue(rs);
            }
        }
    }

    private Optional<CatalogueVersion> catalogueWhere(String clause, Integer version) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, label, yaml, created_by, created_at FROM rating_catalogue " + clause)) {
            if (version != null) {
                ps.setInt(1, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readCatalogue(rs)) : Optional.empty();
            }
        }
    }

    private static CatalogueVersion readCatalogue(ResultSet rs) throws SQLException {
        try {
            return new CatalogueVersion(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getTimestamp(5).toInstant().toEpochMilli(), CatalogueLoader.parse(rs.getString(3)));
        } catch (InvalidCatalogueException e) {
            throw new SQLException("stored catalogue " + rs.getInt(1) + " no longer parses: " + e.getMessage(), e);
        }
    }

    // ---- manual evidence ----

    public void putManual(String siteId, String key, double value, String comment, String sha256, String actor, Instant at)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Double old = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT value FROM manual_evidence WHERE site_id = ? AND key = ? FOR UPDATE")) {
                    ps.setString(1, siteId);
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            old = rs.getDouble(1);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO manual_evidence (site_id, key, value, comment, attachment_sha256, updated_by, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (site_id, key) DO UPDATE SET value = EXCLUDED.value, comment = EXCLUDED.comment,
                            attachment_sha256 = EXCLUDED.attachment_sha256, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")) {
                    ps.setString(1, siteId);
                    ps.setString(2, key);
                    ps.setDouble(3, value);
                    ps.setString(4, comment);
                    ps.setString(5, sha256);
                    ps.setString(6, actor);
                    ps.setTimestamp(7, Timestamp.from(at));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO manual_evidence_audit (site_id, key, old_value, new_value, comment, attachment_sha256, actor, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    ps.setString(1, siteId);
                    ps.setString(2, key);
                    if (old == null) {
                        ps.setNull(3, Types.DOUBLE);
                    } else {
                        ps.setDouble(3, old);
                    }
                    ps.setDouble(4, value);
                    ps.setString(5, comment);
                    ps.setString(6, sha256);
                    ps.setString(7, actor);
                    ps.setTimestamp(8, Timestamp.from(at));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public record AuditEntry(String key, Double oldValue, double newValue, String comment, String attachmentSha256,
                             String actor, long at) {
    }

    public List<AuditEntry> manualAudit(String siteId) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT key, old_value, new_value, comment, attachment_sha256, actor, at
                     FROM manual_evidence_audit WHERE site_id = ? ORDER BY id""")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getString(1), rs.getObject(2) == null ? null : rs.getDouble(2), rs.getDouble(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant().toEpochMilli()));
                }
            }
        }
        return out;
    }

    // ---- submissions ----

    public long insertSubmission(String siteId, int targetStar, Instant from, Instant to, int catalogueVersion,
                                 Evidence snapshot, RatingResult result, String by, Instant at, String comment) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rating_submission (site_id, target_star, window_from, window_to, state, catalogue_version,
                        evidence_snapshot, result, submitted_by, submitted_at, self_comment)
                    VALUES (?, ?, ?, ?, 'submitted', ?, ?::jsonb, ?::jsonb, ?, ?, ?) RETURNING id""")) {
                ps.setString(1, siteId);
                ps.setInt(2, targetStar);
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                ps.setInt(5, catalogueVersion);
                ps.setString(6, json(snapshot));
                ps.setString(7, json(result));
                ps.setString(8, by);
                ps.setTimestamp(9, Timestamp.from(at));
                ps.setString(10, comment);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            history(c, id, siteId, Submission.SUBMITTED, result.stars(), by, at, comment);
            c.commit();
            return id;
        }
    }

    /** A state change with what goes with it, only when the submission is still in one of {@code fromStates}. */
    public boolean transition(long id, List<String> fromStates, String state, String actor, Instant at, String comment,
                              Evidence snapshot, RatingResult result, List<Submission.Adjustment> adjustments,
                              Instant validUntil) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String siteId;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE rating_submission SET state = ?,
                        evidence_snapshot = coalesce(?::jsonb, evidence_snapshot), result = coalesce(?::jsonb, result),
                        adjustments = coalesce(?::jsonb, adjustments),
                        reviewed_by = CASE WHEN ? = 'reviewed' THEN ? ELSE reviewed_by END,
                        reviewed_at = CASE WHEN ? = 'reviewed' THEN ? ELSE reviewed_at END,
                        review_comment = CASE WHEN ? IN ('reviewed', 'rejected') THEN ? ELSE review_comment END,
                        approved_by = CASE WHEN ? = 'approved' THEN ? ELSE approved_by END,
                        approved_at = CASE WHEN ? = 'approved' THEN ? ELSE approved_at END,
                        valid_until = ?
                    WHERE id = ? AND state = ANY(?) RETURNING site_id""")) {
                int i = 1;
                ps.setString(i++, state);
                ps.setString(i++, snapshot == null ? null : json(snapshot));
                ps.setString(i++, result == null ? null : json(result));
                ps.setString(i++, adjustments == null ? null : json(adjustments));
                ps.setString(i++, state);
                ps.setString(i++, actor);
                ps.setString(i++, state);
                ps.setTimestamp(i++, Timestamp.from(at));
                ps.setString(i++, state);
                ps.setString(i++, comment);
                ps.setString(i++, state);
                ps.setString(i++, actor);
                ps.setString(i++, state);
                ps.setTimestamp(i++, Timestamp.from(at));
                ps.setTimestamp(i++, validUntil == null ? null : Timestamp.from(validUntil));
                ps.setLong(i++, id);
                ps.setArray(i, c.createArrayOf("text", fromStates.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return false;
                    }
                    siteId = rs.getString(1);
                }
            }
            int stars = result != null ? result.stars() : submission(c, id).map(s -> s.result().stars()).orElse(0);
            history(c, id, siteId, state, stars, actor, at, comment);
            c.commit();
            return true;
        }
    }

    public Optional<Submission> submission(long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return submission(c, id);
        }
    }

    public Optional<Evidence> snapshot(long id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT evidence_snapshot::text FROM rating_submission WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs.getString(1), Evidence.class)) : Optional.empty();
            }
        }
    }

    public List<Submission> submissions(String siteId) throws SQLException {
        List<Submission> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " WHERE site_id = ? ORDER BY id DESC")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readSubmission(rs));
                }
            }
        }
        return out;
    }

    public List<Submission.HistoryEntry> history(String siteId) throws SQLException {
        List<Submission.HistoryEntry> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT submission_id, state, stars, actor, at, comment FROM rating_history WHERE site_id = ? ORDER BY id")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Submission.HistoryEntry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant().toEpochMilli(), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static final String SELECT = """
            SELECT id, site_id, target_star, window_from, window_to, state, catalogue_version, submitted_by, submitted_at,
                   self_comment, reviewed_by, reviewed_at, review_comment, adjustments::text, approved_by, approved_at,
                   valid_until, result::text FROM rating_submission""";

    private Optional<Submission> submission(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readSubmission(rs)) : Optional.empty();
            }
        }
    }

    private static Submission readSubmission(ResultSet rs) throws SQLException {
        return new Submission(rs.getLong(1), rs.getString(2), rs.getInt(3), ms(rs.getTimestamp(4)), ms(rs.getTimestamp(5)),
                rs.getString(6), rs.getInt(7), rs.getString(8), ms(rs.getTimestamp(9)), rs.getString(10), rs.getString(11),
                msOrNull(rs.getTimestamp(12)), rs.getString(13),
                read(rs.getString(14), new TypeReference<List<Submission.Adjustment>>() { }),
                rs.getString(15), msOrNull(rs.getTimestamp(16)), msOrNull(rs.getTimestamp(17)),
                read(rs.getString(18), RatingResult.class));
    }

    private static void history(Connection c, long id, String siteId, String state, int stars, String actor, Instant at,
                                String comment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rating_history (submission_id, site_id, state, stars, actor, at, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, siteId);
            ps.setString(3, state);
            ps.setInt(4, stars);
            ps.setString(5, actor);
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setString(7, comment);
            ps.executeUpdate();
        }
    }

    private static long ms(Timestamp t) {
        return t.toInstant().toEpochMilli();
    }

    private static Long msOrNull(Timestamp t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }

    static String json(Object o) throws SQLException {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode " + o.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static <T> T read(String s, Class<T> type) throws SQLException {
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static <T> T read(String s, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot decode: " + e.getMessage(), e);
        }
    }

}
