package io.sitewatch.supervision.letter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.supervision.risk.LetterFacts;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.sitewatch.platform.db.Transactions;
import javax.sql.DataSource;

/**
 * The letters' tables in PostgreSQL, and the letters as the risk model sees them ({@link
 * LetterFacts}: the overdue ones per project). Blocking: call from a worker. The writing methods
 * take a connection in a transaction the caller commits, so that a letter and its history change
 * together.
 */
public final class LetterStore implements LetterFacts {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String COLUMNS = "id, scope, target_id, target_name, region, site_ids, state, template, title, title_en, "
            + "body, body_en, facts, deadline_days, created_by, created_ts, issued_by, issued_ts, deadline_ts, answered_by, "
            + "answered_ts, answer_text, answer_sha256, closed_ts";

    /**
     * Filters of the list; null means no filter. {@code regionScope} null: every region (else a
     * regulator's codes); {@code siteScope} null: every site (else a site's staff's sites, who
     * never see drafts or withdrawn ones).
     */
    public record Query(List<String> regionScope, List<String> siteScope, String region, String state, String scope,
                        Boolean overdue, long now, int limit, long offset) {
    }

    /** One page of letters, newest first, and how many match in all. */
    public record Page(List<Letter> items, long total) {
    }

    private final DataSource ds;

    public LetterStore(DataSource ds) {
        this.ds = ds;
    }

    public Connection begin() throws SQLException {
        return Transactions.begin(ds);
    }

    /** A new id: WL-000042. */
    public String nextId(Connection c) throws SQLException {
        return Transactions.nextNumberedId(c, "WL-", "warning_letter_no");
    }

    public void insert(Connection c, Letter l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO warning_letter (" + COLUMNS + ") VALUES "
                + "(?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            ps.setString(i++, l.id());
            ps.setString(i++, l.scope());
            ps.setString(i++, l.targetId());
            ps.setString(i++, l.targetName());
            ps.setString(i++, l.region());
            ps.setArray(i++, c.createArrayOf("text", l.siteIds().toArray()));
            ps.setString(i++, l.state().code());
            ps.setString(i++, l.template());
            ps.setString(i++, l.title());
            ps.setString(i++, l.titleEn());
            ps.setString(i++, l.body());
            ps.setString(i++, l.bodyEn());
            ps.setString(i++, json(l.facts()));
            ps.setInt(i++, l.deadlineDays());
            ps.setString(i++, l.createdBy());
            ps.setTimestamp(i++, time(l.createdTs()));
            setLater(ps, i, l);
            ps.executeUpdate();
        }
    }

    /** Writes the letter's state, times and answer as they are now. */
    public void update(Connection c, Letter l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE warning_letter SET issued_by = ?, issued_ts = ?, deadline_ts = ?, "
                + "answered_by = ?, answered_ts = ?, answer_text = ?, answer_sha256 = ?, closed_ts = ?, state = ? WHERE id = ?")) {
            int i = setLater(ps, 1, l);
            ps.setString(i++, l.state().code());
            ps.setString(i, l.id());
            ps.executeUpdate();
        }
    }

    private static int setLater(PreparedStatement ps, int i, Letter l) throws SQLException {
        ps.setString(i++, l.issuedBy());
        ps.setTimestamp(i++, time(l.issuedTs()));
        ps.setTimestamp(i++, time(l.deadlineTs()));
        ps.setString(i++, l.answeredBy());
        ps.setTimestamp(i++, time(l.answeredTs()));
        ps.setString(i++, l.answerText());
        ps.setString(i++, l.answerSha256());
        ps.setTimestamp(i++, time(l.closedTs()));
        return i;
    }

    public void event(Connection c, String letterId, LetterEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO warning_letter_event (letter_id, at, transition, state, actor, "
                + "comment, text, attachment_sha256) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, letterId);
            ps.setTimestamp(2, time(e.at()));
            ps.setString(3, e.transition());
            ps.setString(4, e.state());
            ps.setString(5, e.by());
            ps.setString(6, e.comment());
            ps.setString(7, e.text());
            ps.setString(8, e.attachmentSha256());
            ps.executeUpdate();
        }
    }

    public Letter lock(Connection c, String id) throws SQLException {
        List<Letter> found = select(c, "SELECT " + COLUMNS + " FROM warning_letter WHERE id = ? FOR UPDATE", List.of(id));
        return found.isEmpty() ? null : found.get(0);
    }

    public Letter get(String id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            List<Letter> found = select(c, "SELECT " + COLUMNS + " FROM warning_letter WHERE id = ?", List.of(id));
            return found.isEmpty() ? null : found.get(0);
        }
    }

    public List<LetterEvent> history(String id) throws SQLException {
        List<LetterEvent> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT at, transition, state, actor, comment, "
                + "text, attachment_sha256 FROM warning_letter_event WHERE letter_id = ? ORDER BY at, id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LetterEvent(rs.getTimestamp(1).getTime(), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /** The letters the query asks for, newest first, one page, with the total. */
    public Page list(Query q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.regionScope() != null) {
            where.append(" AND (false");
            for (String code : q.regionScope()) {
                where.append(" OR ").append(covers(code, args));
            }
            where.append(')');
        }
        if (q.siteScope() != null) {
            where.append(" AND site_ids && ?::text[] AND state NOT IN ('draft', 'withdrawn')");
            args.add(q.siteScope().toArray(new String[0]));
        }
        if (q.region() != null) {
            where.append(" AND ").append(covers(q.region(), args));
        }
        if (q.state() != null) {
            where.append(" AND state = ?");
            args.add(q.state());
        }
        if (q.scope() != null) {
            where.append(" AND scope = ?");
            args.add(q.scope());
        }
        if (q.overdue() != null) {
            where.append(q.overdue() ? " AND" : " AND NOT").append(" (state = 'issued' AND deadline_ts IS NOT NULL AND deadline_ts <= ?)");
            args.add(time(q.now()));
        }
        try (Connection c = ds.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM warning_letter" + where)) {
                bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(q.limit());
            pageArgs.add(q.offset());
            List<Letter> items = select(c, "SELECT " + COLUMNS + " FROM warning_letter" + where
                    + " ORDER BY created_ts DESC, id DESC LIMIT ? OFFSET ?", pageArgs);
            return new Page(items, total);
        }
    }

    /** SQL true when the letter's region lies in {@code code} (a district, or a city or province covering it). */
    private static String covers(String code, List<Object> args) {
        if (code.endsWith("0000")) {
            args.add(code.substring(0, 2));
            return "left(region, 2) = ?";
        }
        if (code.endsWith("00")) {
            args.add(code.substring(0, 4));
            return "left(region, 4) = ?";
        }
        args.add(code);
        return "region = ?";
    }

    /**
     * Per project: the letters (an enterprise's counting for each of its projects) issued before
     * {@code to} whose deadline fell before {@code to} with no answer by then, and which were still
     * unanswered at {@code from} (one answered late before the window does not count in it). An
     * answer after {@code to} is no answer as of {@code to}. A returned answer is no answer.
     */
    @Override
    public Map<String, List<OverdueLetter>> overdue(Instant from, Instant to) {
        Map<String, List<OverdueLetter>> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, site_ids, deadline_ts, answered_ts FROM warning_letter
                WHERE issued_ts < ? AND deadline_ts < ? AND (answered_ts IS NULL OR answered_ts > deadline_ts)
                  AND (answered_ts IS NULL OR answered_ts >= ?)
                ORDER BY deadline_ts, id""")) {
            ps.setTimestamp(1, Timestamp.from(to));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant deadline = rs.getTimestamp(3).toInstant();
                    Timestamp answered = rs.getTimestamp(4);
                    Instant answeredAt = answered == null || answered.toInstant().isAfter(to) ? null : answered.toInstant();
                    OverdueLetter o = new OverdueLetter(rs.getString(1), deadline, answeredAt);
                    for (String site : (String[]) rs.getArray(2).getArray()) {
                        out.computeIfAbsent(site, k -> new ArrayList<>()).add(o);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("letter query failed: " + e.getMessage(), e);
        }
    }

    private static List<Letter> select(Connection c, String sql, List<?> args) throws SQLException {
        List<Letter> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] arr) {
                Array sqlArray = c.createArrayOf("text", arr);
                ps.setArray(i + 1, sqlArray);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static Letter row(ResultSet rs) throws SQLException {
        int i = 1;
        String id = rs.getString(i++);
        String scope = rs.getString(i++);
        String targetId = rs.getString(i++);
        String targetName = rs.getString(i++);
        String region = rs.getString(i++);
        List<String> sites = Arrays.asList((String[]) rs.getArray(i++).getArray());
        LetterState state = LetterState.of(rs.getString(i++));
        String template = rs.getString(i++);
        String title = rs.getString(i++);
        String titleEn = rs.getString(i++);
        String body = rs.getString(i++);
        String bodyEn = rs.getString(i++);
        RiskSnapshot facts = facts(rs.getString(i++));
        int days = rs.getInt(i++);
        String createdBy = rs.getString(i++);
        long createdTs = rs.getTimestamp(i++).getTime();
        String issuedBy = rs.getString(i++);
        Long issuedTs = ms(rs.getTimestamp(i++));
        Long deadlineTs = ms(rs.getTimestamp(i++));
        String answeredBy = rs.getString(i++);
        Long answeredTs = ms(rs.getTimestamp(i++));
        String answerText = rs.getString(i++);
        String answerSha = rs.getString(i++);
        Long closedTs = ms(rs.getTimestamp(i));
        return new Letter(id, scope, targetId, targetName, region, sites, state, template, title, titleEn, body, bodyEn, facts, days,
                createdBy, createdTs, issuedBy, issuedTs, deadlineTs, answeredBy, answeredTs, answerText, answerSha, closedTs);
    }

    private static String json(RiskSnapshot s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RiskSnapshot facts(String json) {
        try {
            return JSON.readValue(json, RiskSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a letter's stored facts are not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static Long ms(Timestamp t) {
        return t == null ? null : t.getTime();
    }

    private static Timestamp time(Long ms) {
        return ms == null ? null : new Timestamp(ms);
    }
}
