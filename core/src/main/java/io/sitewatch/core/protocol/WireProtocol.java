package io.sitewatch.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The device wire protocol (version 1) as data, read from {@code protocol/wire-protocol-v1.yaml}:
 * kinds with metric ranges and event types with their data fields.
 */
public final class WireProtocol {

    public static final String RESOURCE = "/protocol/wire-protocol-v1.yaml";
    /** Payloads are at most 64 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** A telemetry array carries at most this many samples. */
    public static final int MAX_SAMPLES_PER_MESSAGE = 1000;
    /** A sample more than 5 minutes in the future is rejected. */
    public static final long MAX_FUTURE_SKEW_MS = 5 * 60_000L;
    /**
     * A {@code ts} before 2000-01-01T00:00:00Z is rejected: no device on a site measured then, the
     * storage keeps nothing older, and it is what a {@code ts} sent in seconds instead of
     * milliseconds, or a device clock reset to 1970, looks like.
     */
    public static final long MIN_TS_MS = 946_684_800_000L;
    /** {@code seq} is an unsigned 32-bit counter. */
    public static final long MAX_SEQ = 0xFFFF_FFFFL;
    /**
     * Why a device went off on purpose (1.1: the {@code reason} of an {@code online: false}
     * status, published before it disconnects). A status without one, such as the last will, means
     * the device vanished.
     */
    public static final Set<String> STATUS_REASONS = Set.of("power_off", "maintenance", "dismantled");

    private final Map<String, KindSpec> kinds;
    private final Map<String, EventSpec> events;

    private WireProtocol(Map<String, KindSpec> kinds, Map<String, EventSpec> events) {
        this.kinds = Map.copyOf(kinds);
        this.events = Map.copyOf(events);
    }

    public static WireProtocol v1() {
        try (InputStream in = WireProtocol.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            return parse(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static WireProtocol parse(Map<String, Object> doc) {
        Map<String, KindSpec> kinds = new LinkedHashMap<>();
        ((Map<String, Map<String, List<Number>>>) doc.get("kinds")).forEach((kind, metrics) -> {
            Map<String, MetricRange> ranges = new LinkedHashMap<>();
            metrics.forEach((metric, r) -> ranges.put(metric, new MetricRange(r.get(0).doubleValue(), r.get(1).doubleValue())));
            kinds.put(kind, new KindSpec(kind, ranges));
        });
        Map<String, EventSpec> events = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) doc.get("events")).forEach((type, spec) -> {
            Object k = spec.get("kinds");
            Set<String> allowed = "any".equals(k) ? Set.of() : Set.copyOf((List<String>) k);
            Map<String, FieldType> fields = new LinkedHashMap<>();
            ((Map<String, Object>) spec.get("data")).forEach((f, t) -> fields.put(f, FieldType.parse(t)));
            Map<String, FieldType> optional = new LinkedHashMap<>();
            if (spec.get("optional") instanceof Map<?, ?> o) {
                o.forEach((f, t) -> optional.put(String.valueOf(f), FieldType.parse(t)));
            }
            events.put(type, new EventSpec(type, allowed, fields, optional));
        });
        return new WireProtocol(kinds, events);
    }

    public KindSpec kind(String name) {
        return kinds.get(name);
    }

    public boolean isKind(String name) {
        return kinds.containsKey(name);
    }

    public Set<String> kindNames() {
        return kinds.keySet();
    }

    /** The spec of an event type, or null for a type this version does not list (kept and counted). */
    public EventSpec event(String type) {
        return events.get(type);
    }
}
