package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sitewatch.ingest.http.TelemetryRoutes;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.rating.http.RatingRoutes;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What {@link HttpQueryFuzzTest} found, each a 400 naming the parameter now (docs/reliability.md). */
class HttpQueryFuzzFindingsTest {

    private static final long NOW = 1_764_230_400_000L;

    private static QueryParams query(String... nameValue) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.add(nameValue[i], nameValue[i + 1]);
        }
        return new QueryParams(m);
    }

    private static String badRequest(Executable parse) {
        ApiError e = assertThrows(ApiError.class, parse);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void aRatingWindowNearTheEndsOfALongIsA400NotAnOverflow() {
        // to - 90 days overflowed: an ArithmeticException, answered 500.
        assertEquals("to must be epoch milliseconds within the years 1 to 9999, got -9223372036854775808",
                badRequest(() -> RatingRoutes.RatingQuery.parse(query("to", "-9223372036854775808"), NOW)));
        assertEquals("from must be epoch milliseconds within the years 1 to 9999, got 253402300800000",
                badRequest(() -> RatingRoutes.RatingQuery.parse(query("from", "253402300800000", "to", "253402300799999"), NOW)));
    }

    @Test
    void aBucketWhoseThousandfoldWrapsIsA400NotADivisionByZero() {
        // 2^61 × 1000 wrapped around to 0 (an ArithmeticException, a 500); over a longer window
        // 2^61 s was accepted and the database could not make the interval (a 500).
        for (String to : new String[] {"1000", "1000000"}) {
            assertEquals("bucket must be at most 31622400 seconds (366 days), got 2305843009213693952", badRequest(() ->
                    TelemetryRoutes.TelemetryQuery.parse(query("bucket", "2305843009213693952", "from", "0", "to", to), NOW)));
        }
        assertEquals("bucket must be a positive number of seconds giving at most 100000 buckets", badRequest(() ->
                TelemetryRoutes.TelemetryQuery.parse(query("bucket", "1", "from", "0", "to", "100001000"), NOW)));
        assertEquals(31_622_400, TelemetryRoutes.TelemetryQuery.parse(query("bucket", "31622400", "from", "0", "to", "1000"), NOW).bucket());
    }

    @Test
    void aWindowLongerThanALongIsA400() {
        assertEquals("to must be epoch milliseconds within the years 1 to 9999, got 9223372036854775807", badRequest(() ->
                TelemetryRoutes.TelemetryQuery.parse(query("from", "-9223372036854775808", "to", "9223372036854775807", "bucket", "3600"), NOW)));
        assertEquals("from must be epoch milliseconds within the years 1 to 9999, got -9223372036854775808", badRequest(() ->
                TelemetryRoutes.TelemetryQuery.parse(query("from", "-9223372036854775808", "bucket", "3600"), NOW)));
    }

    @Test
    void aNegativeLimitIsNotWrappedIntoAPositiveOne() {
        // (int) -4294967295 is 1: the telemetry route took it as limit 1.
        assertEquals("limit must be positive", badRequest(() -> TelemetryRoutes.TelemetryQuery.parse(query("limit", "-4294967295"), NOW)));
        // (int) -4294967291 is 5: dead letters listed 5; out of range is now refused, never clamped.
        assertEquals("limit must be between 1 and 1000, got -4294967291",
                badRequest(() -> TelemetryRoutes.DeadLetterQuery.parse(query("limit", "-4294967291"), NOW)));
        assertEquals("limit must be at most 100000, got 9223372036854775807",
                badRequest(() -> TelemetryRoutes.TelemetryQuery.parse(query("limit", "9223372036854775807"), NOW)));
    }
}
