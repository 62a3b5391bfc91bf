package io.sitewatch.platform.login;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.auth.SessionLookup;
import io.sitewatch.platform.auth.TokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * People who log in with a username and password, and their logins (HTTP API 1.1 "Access").
 * Passwords are kept only as bcrypt hashes (cost {@link #BCRYPT_COST}); a login is a random
 * token kept only as its SHA-256, valid for the configured hours, so logins survive a restart
 * and are shared by every instance on the same database. A password or role change ends the
 * person's logins. Blocking (JDBC, bcrypt): call from a worker.
 */
public final class Accounts {

    /** About 50–100 ms per check here: slow for a guesser, unnoticed by a person. */
    static final int BCRYPT_COST = 10;
    private static final int MAX_PASSWORD_BYTES = 72; // bcrypt reads no further
    private static final int MIN_PASSWORD_CHARS = 8;
    private static final String USERNAME = "[A-Za-z0-9._@-]{1,64}";
    /** Compared against when the username is unknown, so both failures take the same time. */
    private static final String DUMMY_HASH = BCrypt.hashpw("not a password of anyone", BCrypt.gensalt(BCRYPT_COST));

    /** A person as the API shows them (never the hash). */
    public record User(String username, String name, String role, List<String> regions, List<String> sites) {
    }

    /** A login: the token to send as a bearer token, who it is and until when (epoch ms). */
    public record Login(String token, Principal principal, long expiresTs) {
    }

    /** The user could not be stored as asked; the message names the field. */
    public static final class InvalidUserException extends Exception {
        private final String field;

        InvalidUserException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * A login as read at {@code readAt}. Read again from the database after {@link #RECHECK_MS}, so
     * that a sign-out or a change of terms made on another instance takes effect here too.
     */
    private record Cached(Principal principal, String username, long expiresTs, long readAt) {
    }

    private final DataSource ds;
    private final InstantSource clock;
    private final Duration sessionLength;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> sessions = new ConcurrentHashMap<>();
    static final long RECHECK_MS = 60_000;

    public Accounts(DataSource ds, InstantSource clock, Duration sessionLength) {
        this.ds = ds;
        this.clock = clock;
        this.sessionLength = sessionLength;
    }

    /**
     * Creates or replaces a person. The password is required for a new person and optional
     * afterwards (null keeps it); a regulator needs regions, a site's staff their sites.
     */
    public User put(String username, String password, String name, String role, List<String> regions, List<String> sites)
            throws SQLException, InvalidUserException {
        if (username == null || !username.matches(USERNAME)) {
            throw new InvalidUserException("username", "1–64 letters, digits or . _ @ -");
        }
        Role r;
        try {
            r = Role.fromCode(role);
        } catch (IllegalArgumentException e) {
            throw new InvalidUserException("role", "must be one of admin, regulator, rater, device-admin, site");
        }
        List<String> regionList = regions == null ? List.of() : List.copyOf(regions);
        List<String> siteList = sites == null ? List.of() : List.copyOf(sites);
        for (String region : regionList) {
            if (region == null || !region.matches("\\d{6}")) {
                throw new InvalidUserException("regions", "each region is a 6-digit 行政区划 code");
            }
        }
        if (r == Role.REGULATOR && regionList.isEmpty()) {
            throw new InvalidUserException("regions", "a regulator needs at least one region");
        }
        if (r == Role.SITE && siteList.isEmpty()) {
            throw new InvalidUserException("sites", "a site's staff need at least one site");
        }
        String hash = null;
        if (password != null) {
            if (password.length() < MIN_PASSWORD_CHARS) {
                throw new InvalidUserException("password", "at least " + MIN_PASSWORD_CHARS + " characters");
            }
            if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
                throw new InvalidUserException("password", "at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
            }
            hash = BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String oldRole = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT role FROM app_user WHERE username = ? FOR UPDATE")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    oldRole = rs.next() ? rs.getString(1) : null;
                }
            }
            if (oldRole == null && hash == null) {
                c.rollback();
                throw new InvalidUserException("password", "required for a new user");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO app_user (username, display_name, password_hash, role, regions, sites)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,
                        password_hash = COALESCE(?, app_user.password_hash), role = EXCLUDED.role,
                        regions = EXCLUDED.regions, sites = EXCLUDED.sites, updated_ts = now()""")) {
                ps.setString(1, username);
                ps.setString(2, name);
                ps.setString(3, hash == null ? "" : hash);
                ps.setString(4, r.code());
                ps.setArray(5, c.createArrayOf("text", regionList.toArray()));
                ps.setArray(6, c.createArrayOf("text", siteList.toArray()));
                ps.setString(7, hash);
                ps.executeUpdate();
            }
            // A new password, role or scope ends the person's logins: they log in again under the new terms.
            if (oldRole != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_session WHERE username = ?")) {
                    ps.setString(1, username);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        sessions.values().removeIf(s -> s.username().equals(username));
        return new User(username, name, r.code(), regionList, siteList);
    }

    public List<User> list() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT username, display_name, role, regions, sites FROM app_user ORDER BY username");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new User(rs.getString(1), rs.getString(2), rs.getString(3), strings(rs.getArray(4)), strings(rs.getArray(5))));
            }
        }
        return out;
    }

    /** A new login for the right password, or null (unknown user or wrong password, alike). */
    public Login login(String username, String password) throws SQLException {
        String hash = null;
        Principal who = null;
        if (username != null && username.matches(USERNAME)) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT password_hash, role, regions, sites, display_name FROM app_user WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        hash = rs.getString(1);
                        who = new Principal(username, Role.fromCode(rs.getString(2)), strings(rs.getArray(3)), strings(rs.getArray(4)),
                                rs.getString(5));
                    }
                }
            }
        }
        boolean ok = password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && BCrypt.checkpw(password, hash == null ? DUMMY_HASH : hash) && hash != null;
        if (!ok) {
            return null;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = SessionLookup.LOGIN_TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        long expires = now + sessionLength.toMillis();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_session WHERE expires_ts < ?")) {
                ps.setTimestamp(1, new Timestamp(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO login_session (token_sha256, username, created_ts, expires_ts) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, digest(token));
                ps.setString(2, username);
                ps.setTimestamp(3, new Timestamp(now));
                ps.setTimestamp(4, new Timestamp(expires));
                ps.executeUpdate();
            }
        }
        // Logins that expired leave the cache here, so that it holds only the live ones.
        sessions.values().removeIf(c -> c.expiresTs() <= now);
        sessions.put(digest(token), new Cached(who, username, expires, now));
        return new Login(token, who, expires);
    }

    /** Logins of these accounts for the HTTP API: from memory when cached, else read on a worker of {@code api}. */
    public SessionLookup lookup(io.sitewatch.platform.http.ApiContext api) {
        return token -> {
            Principal cached = cached(token);
            return cached != null ? io.vertx.core.Future.succeededFuture(cached) : api.blocking(() -> principal(token));
        };
    }

    /** The person a login token stands for, or null when unknown or expired. */
    public Principal principal(String token) throws SQLException {
        String d = digest(token);
        long now = clock.millis();
        Cached c = sessions.get(d);
        if (c == null || now - c.readAt() >= RECHECK_MS) {
            c = loadSession(d, now);
            if (c == null) {
                sessions.remove(d);
                return null;
            }
            sessions.put(d, c);
        }
        if (c.expiresTs() <= now) {
            sessions.remove(d);
            return null;
        }
        return c.principal();
    }

    /** The cached principal for {@code token} without touching the database, or null when not cached or expired. */
    public Principal cached(String token) {
        Cached c = sessions.get(digest(token));
        long now = clock.millis();
        return c == null || c.expiresTs() <= now || now - c.readAt() >= RECHECK_MS ? null : c.principal();
    }

    /** Ends a login. */
    public void logout(String token) throws SQLException {
        String d = digest(token);
        sessions.remove(d);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM login_session WHERE token_sha256 = ?")) {
            ps.setString(1, d);
            ps.executeUpdate();
        }
    }

    private Cached loadSession(String digest, long now) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT u.username, u.role, u.regions, u.sites, s.expires_ts, u.display_name
                     FROM login_session s JOIN app_user u USING (username) WHERE s.token_sha256 = ?""")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Principal p = new Principal(rs.getString(1), Role.fromCode(rs.getString(2)), strings(rs.getArray(3)),
                        strings(rs.getArray(4)), rs.getString(6));
                return new Cached(p, rs.getString(1), rs.getTimestamp(5).getTime(), now);
            }
        }
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    private static String digest(String token) {
        return TokenAuthenticator.digest(token);
    }
}
