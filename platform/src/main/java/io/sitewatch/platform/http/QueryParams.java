package io.sitewatch.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The query parameters of a request, read the one way every route reads them: a value is trimmed
 * and a blank one counts as absent; a malformed one is a 400 that names the parameter. It holds no
 * request, so each route's parsing is a plain function of its parameters that tests and the fuzz
 * target call without a server.
 */
public final class QueryParams {

    private final MultiMap params;

    public QueryParams(MultiMap params) {
        this.params = params;
    }

    public static QueryParams of(RoutingContext ctx) {
        return new QueryParams(ctx.queryParams());
    }

    /**
     * The trimmed value, or null when the parameter is absent or blank. Blank is what trim leaves
     * empty: control characters too, which isBlank keeps (a value of them was answered as "").
     */
    public String text(String name) {
        String v = params.get(name);
        String t = v == null ? "" : v.trim();
        return t.isEmpty() ? null : t;
    }

    /** The value as a long, {@code fallback} when absent or blank; a 400 when it is not an integer. */
    public long integer(String name, long fallback) {
        String v = params.get(name);
        if (text(name) == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer, got " + v);
        }
    }

    /** The first and last epoch millisecond of the years 1 to 9999, which the database stores and ISO-8601 writes. */
    public static final long MIN_EPOCH_MS = -62_135_596_800_000L;
    public static final long MAX_EPOCH_MS = 253_402_300_799_999L;

    /**
     * A time as epoch milliseconds, {@code fallback} when absent or blank; a 400 when it is not an
     * integer or lies outside the years 1 to 9999 (arithmetic on it then cannot overflow, and the
     * database can hold it).
     */
    public long epochMillis(String name, long fallback) {
        long v = integer(name, fallback);
        if (v < MIN_EPOCH_MS || v > MAX_EPOCH_MS) {
            throw ApiError.badRequest(name + " must be epoch milliseconds within the years 1 to 9999, got " + v);
        }
        return v;
    }

    /** A 行政区划 code (six digits), or null when absent; a 400 otherwise. */
    public String region(String name) {
        String v = text(name);
        if (v != null && !v.matches("\\d{6}")) {
            throw ApiError.badRequest(name + " must be a 6-digit 行政区划 code");
        }
        return v;
    }

    /**
     * An integer within {@code min}..{@code max}, {@code fallback} when absent; a 400 naming it
     * otherwise. Out of range is refused, never clamped: a caller would not know it got less.
     */
    public long integer(String name, long fallback, long min, long max) {
        long v = integer(name, fallback);
        if (text(name) != null && (v < min || v > max)) {
            throw ApiError.badRequest(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** A site's or device's id (1-64 of A-Z a-z 0-9 _ -, as in the wire protocol's topics), or null when absent; else a 400. */
    public String id(String name) {
        String v = text(name);
        if (v != null && !io.sitewatch.core.model.Topic.isValidId(v)) {
            throw ApiError.badRequest(name + " must be an id of 1-64 characters A-Z a-z 0-9 _ -");
        }
        return v;
    }

    /** One of {@code allowed}, {@code fallback} when absent; else a 400 naming it and what it may be. */
    public String oneOf(String name, java.util.List<String> allowed, String fallback) {
        String v = text(name);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            throw ApiError.badRequest(name + " must be one of " + allowed + ", got " + v);
        }
        return v;
    }
}
