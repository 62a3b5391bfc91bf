package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sitewatch.alarms.live.AlarmRoutes;
import io.sitewatch.ingest.http.TelemetryRoutes;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.rating.http.RatingRoutes;
import io.sitewatch.registry.CalendarRoutes;
import io.sitewatch.registry.PersonnelRoutes;
import io.sitewatch.supervision.notify.NotificationRoutes;
import io.sitewatch.testkit.FuzzRuns;
import io.vertx.core.MultiMap;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the query-parameter parsing of every route that takes parameters: an input is a query
 * string, decoded as the router decodes a request's, and handed to each route's parser. Each must
 * give a query that keeps its route's promises (a window that runs forwards, a limit within its
 * bounds and as asked, a bucket count that was really checked) or refuse with a 400 naming one of
 * its parameters. Anything else (an exception, a 500) is a finding. Seeds: real queries of the
 * consoles and the API docs, boundary numbers and malformed values.
 */
class HttpQueryFuzzTest {

    /** Server time of every parse: 2025-11-27T08:00Z. */
    private static final long NOW = 1_764_230_400_000L;
    private static final FuzzRuns RUNS = new FuzzRuns("HttpQueryFuzzTest.parse", 15);

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        RUNS.count();
        String query = new String(input, StandardCharsets.UTF_8);
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        try {
            new QueryStringDecoder("/api?" + query).parameters().forEach(params::add);
        } catch (IllegalArgumentException undecodable) {
            return; // the router's own answer to a broken %-escape, before any route
        }
        QueryParams q = new QueryParams(params);

        // The primitives every route reads its parameters with (routes added later use them too).
        for (String name : params.names()) {
            long fallback = 7;
            Long value = parsed(() -> q.integer(name, fallback), name);
            if (value != null && q.text(name) == null) {
                assertEquals(fallback, value, "a blank " + name + " is absent");
            }
            parsed(() -> q.epochMillis(name, 0), name);
            String text = q.text(name);
            assertTrue(text == null || !text.isBlank() && text.equals(text.trim()), "text " + text);
        }

        TelemetryRoutes.TelemetryQuery t = parsed(() -> TelemetryRoutes.TelemetryQuery.parse(q, NOW),
                "metric", "from", "to", "bucket", "limit");
        if (t != null) {
            assertTrue(t.from() < t.to(), "from before to: " + t);
            assertTrue(t.to() - t.from() > 0, "the window's length is a long: " + t);
            storable(t.from());
            storable(t.to());
            assertTrue(t.limit() >= 1 && t.limit() <= 100_000, "limit " + t.limit());
            asked(q, "limit", 10_000, t.limit(), l -> l);
            if (t.bucket() != 0) {
                BigInteger buckets = BigInteger.valueOf(t.to()).subtract(BigInteger.valueOf(t.from()))
                        .divide(BigInteger.valueOf(t.bucket()).multiply(BigInteger.valueOf(1000)));
                assertTrue(t.bucket() >= 1 && buckets.compareTo(BigInteger.valueOf(100_000)) <= 0, "buckets " + buckets + " of " + t);
                assertTrue(t.bucket() <= 366 * 86_400L, "a bucket the database can make an interval of: " + t);
            }
        }
        TelemetryRoutes.DeadLetterQuery d = parsed(() -> TelemetryRoutes.DeadLetterQuery.parse(q, NOW), "since", "limit", "reason");
        if (d != null) {
            assertTrue(d.limit() >= 1 && d.limit() <= 1000, "limit " + d.limit());
            asked(q, "limit", 100, d.limit(), l -> l);
        }
        AlarmRoutes.ListQuery a = parsed(() -> AlarmRoutes.ListQuery.parse(q), "state", "region", "site", "device", "since", "limit");
        if (a != null) {
            assertTrue(List.of("open", "closed", "all", "active", "acknowledged", "cleared").contains(a.state()), a.state());
            assertTrue(a.region() == null || a.region().matches("\\d{6}"), a.region());
            assertTrue(a.since() == null || a.since() >= 0, "since " + a.since());
            asked(q, "limit", 200, a.limit(), l -> l);
        }
        String region = parsed(() -> q.region("region"), "region");
        assertTrue(region == null || region.matches("\\d{6}"), region);
        RatingRoutes.RatingQuery r = parsed(() -> RatingRoutes.RatingQuery.parse(q, NOW), "from", "to", "format", "lang");
        if (r != null) {
            assertTrue(r.from().isBefore(r.to()), "from before to: " + r);
            storable(r.from().toEpochMilli());
            storable(r.to().toEpochMilli());
        }
        CalendarRoutes.DaysQuery c = parsed(() -> CalendarRoutes.DaysQuery.parse(q), "from", "to");
        if (c != null) {
            long span = ChronoUnit.DAYS.between(c.from(), c.to()) + 1;
            assertTrue(span >= 1 && span <= 366, "span " + span);
        }
        parsed(() -> PersonnelRoutes.month(q), "month");
        NotificationRoutes.ListQuery n = parsed(() -> NotificationRoutes.ListQuery.parse(q), "state", "limit");
        if (n != null) {
            asked(q, "limit", 100, n.limit(), l -> l);
        }
    }

    @AfterAll
    static void ran() {
        RUNS.check();
    }

    /** A time the database stores and ISO-8601 writes: the years 1 to 9999. */
    private static void storable(long epochMs) {
        assertTrue(epochMs >= -62_135_596_800_000L && epochMs <= 253_402_300_799_999L, "a time beyond the years 1-9999: " + epochMs);
    }

    /** The route's query, or null when it refused with a 400 that names one of {@code names}. */
    private static <T> T parsed(Supplier<T> parse, String... names) {
        try {
            return parse.get();
        } catch (ApiError e) {
            assertEquals(400, e.status(), e.getMessage());
            for (String name : names) {
                if (e.getMessage().contains(name)) {
                    return null;
                }
            }
            return fail("a 400 that names none of " + List.of(names) + ": " + e.getMessage());
        }
    }

    /** An integer parameter as given is the one used (or bounded as the route documents it), never wrapped. */
    private static void asked(QueryParams q, String name, long fallback, int used, java.util.function.LongUnaryOperator bounded) {
        long given = q.integer(name, fallback);
        assertEquals(bounded.applyAsLong(given), used, name + "=" + given);
    }
}
