package io.sitewatch.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.ingest.decode.DecodeResult.Decoded;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.model.SampleValues;
import io.sitewatch.core.protocol.EventSpec;
import io.sitewatch.core.protocol.FieldType;
import io.sitewatch.core.protocol.KindSpec;
import io.sitewatch.core.protocol.MetricRange;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceLookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Second step of the message path: the device must be registered for the topic's site and the
 * payload must follow the wire protocol. Pure apart from the registry lookup (an in-memory cache).
 */
public final class MessageValidator {

    private final WireProtocol protocol;
    private final DeviceLookup devices;

    public MessageValidator(WireProtocol protocol, DeviceLookup devices) {
        this.protocol = protocol;
        this.devices = devices;
    }

    /** @param receivedAt server time of arrival, epoch ms, against which future timestamps are judged */
    public ValidationResult validate(Decoded message, long receivedAt) {
        Device device = devices.device(message.topic().deviceId());
        if (device == null) {
            return reject(RejectReason.UNKNOWN_DEVICE, "device " + message.topic().deviceId() + " is not registered");
        }
        if (!device.siteId().equals(message.topic().siteId())) {
            return reject(RejectReason.WRONG_SITE, "device " + device.deviceId() + " is registered for site " + device.siteId());
        }
        try {
            return new ValidationResult.Accepted(switch (message.topic().channel()) {
                case TELEMETRY -> telemetry(device, message.payload(), receivedAt);
                case EVENT -> event(device, message.payload(), receivedAt);
                case STATUS -> status(device, message.payload(), receivedAt);
            });
        } catch (Invalid e) {
            return reject(e.reason, e.getMessage());
        }
    }

    private IngestRecord.Telemetry telemetry(Device device, JsonNode payload, long receivedAt) {
        KindSpec kind = protocol.kind(device.kind());
        List<JsonNode> nodes = new ArrayList<>();
        if (payload.isArray()) {
            if (payload.isEmpty() || payload.size() > WireProtocol.MAX_SAMPLES_PER_MESSAGE) {
                throw new Invalid(RejectReason.BAD_SCHEMA, "an array holds 1 to " + WireProtocol.MAX_SAMPLES_PER_MESSAGE
                        + " samples, got " + payload.size());
            }
            payload.forEach(nodes::add);
        } else {
            nodes.add(payload);
        }
        List<Sample> samples = new ArrayList<>(nodes.size());
        int unknown = 0;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String at = nodes.size() > 1 ? "sample " + i + ": " : "";
            if (!node.isObject()) {
                throw new Invalid(RejectReason.BAD_SCHEMA, at + "a sample must be an object");
            }
            long ts = timestamp(node, receivedAt, at);
            Long seq = sequence(node.get("seq"), at);
            JsonNode values = node.get("values");
            if (values == null || !values.isObject() || values.isEmpty()) {
                throw new Invalid(RejectReason.BAD_SCHEMA, at + "values must be a non-empty object");
            }
            SampleValues read = new SampleValues();
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().isEmpty() || e.getKey().indexOf('\u0000') >= 0) {
                    throw new Invalid(RejectReason.BAD_VALUE, at + "a metric name must be non-empty text without NUL");
                }
                MetricRange range = kind == null ? null : kind.range(e.getKey());
                double v = number(e.getKey(), e.getValue(), at);
                if (range == null) {
                    unknown++;
                } else if (!range.contains(v)) {
                    throw new Invalid(RejectReason.OUT_OF_RANGE, at + e.getKey() + "=" + e.getValue()
                            + " outside [" + fmt(range.min()) + ", " + fmt(range.max()) + "]");
                }
                read.put(e.getKey(), v);
            }
            samples.add(new Sample(ts, seq, read.toMap()));
        }
        return new IngestRecord.Telemetry(device, samples, unknown);
    }

    private IngestRecord.Event event(Device device, JsonNode payload, long receivedAt) {
        long ts = timestamp(payload, receivedAt, "");
        JsonNode type = payload.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new Invalid(RejectReason.BAD_EVENT, "type must be a non-empty string");
        }
        JsonNode data = payload.get("data");
        if (data != null && !data.isObject()) {
            throw new Invalid(RejectReason.BAD_EVENT, "data must be an object");
        }
        if (containsNul(type) || data != null && containsNul(data)) {
            throw new Invalid(RejectReason.BAD_VALUE, "text contains a NUL character (U+0000), which cannot be stored");
        }
        EventSpec spec = protocol.event(type.asText());
        if (spec != null) {
            if (!spec.allowsKind(device.kind())) {
                throw new Invalid(RejectReason.BAD_EVENT, type.asText() + " is not sent by a " + device.kind());
            }
            for (Map.Entry<String, FieldType> f : spec.fields().entrySet()) {
                JsonNode v = data == null ? null : data.get(f.getKey());
                String problem = v == null || v.isNull() ? "is required" : f.getValue().check(v);
                if (problem == null) {
                    problem = registered(device, f.getValue(), v);
                }
                if (problem != null) {
                    throw new Invalid(RejectReason.BAD_EVENT, "data." + f.getKey() + " " + problem);
                }
            }
            // Optional fields (1.1, e.g. a hazard report's hazard_id): checked when present.
            for (Map.Entry<String, FieldType> f : spec.optional().entrySet()) {
                JsonNode v = data == null ? null : data.get(f.getKey());
                if (v != null && !v.isNull()) {
                    String problem = f.getValue().check(v);
                    if (problem == null) {
                        problem = registered(device, f.getValue(), v);
                    }
                    if (problem != null) {
                        throw new Invalid(RejectReason.BAD_EVENT, "data." + f.getKey() + " " + problem);
                    }
                }
            }
        }
        String dataJson = data == null ? "{}" : data.toString();
        return new IngestRecord.Event(device, ts, type.asText(), dataJson, spec != null);
    }

    private IngestRecord.Status status(Device device, JsonNode payload, long receivedAt) {
        JsonNode online = payload.get("online");
        if (online == null || !online.isBoolean()) {
            throw new Invalid(RejectReason.BAD_SCHEMA, "online must be true or false");
        }
        Long ts = payload.has("ts") ? timestamp(payload, receivedAt, "") : null;
        JsonNode reason = payload.get("reason");
        String why = null;
        if (reason != null && !reason.isNull()) {
            // 1.1: a device that goes off on purpose says why; a status without a reason (the last
            // will) means it vanished.
            if (!reason.isTextual() || !WireProtocol.STATUS_REASONS.contains(reason.asText())) {
                throw new Invalid(RejectReason.BAD_SCHEMA, "reason must be one of " + new java.util.TreeSet<>(
                        WireProtocol.STATUS_REASONS) + ", got " + reason);
            }
            if (online.booleanValue()) {
                throw new Invalid(RejectReason.BAD_SCHEMA, "reason goes only with online false (a device going off on purpose)");
            }
            why = reason.asText();
        }
        return new IngestRecord.Status(device, ts, online.booleanValue(), why);
    }

    /**
     * For a {@code device} field: null when it names a registered device of the sender's site, else
     * why not. Other field types need no registry.
     */
    private String registered(Device sender, FieldType type, JsonNode v) {
        if (type != FieldType.Simple.DEVICE) {
            return null;
        }
        Device named = devices.device(v.asText());
        return named != null && named.siteId().equals(sender.siteId()) ? null
                : v.asText() + " is not a registered device of site " + sender.siteId();
    }

    private static long timestamp(JsonNode node, long receivedAt, String at) {
        JsonNode ts = node.get("ts");
        if (ts == null || ts.isNull()) {
            throw new Invalid(RejectReason.MISSING_TS, at + "ts is required");
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            throw new Invalid(RejectReason.MISSING_TS, at + "ts must be integer epoch milliseconds, got " + ts);
        }
        long value = ts.longValue();
        long latest = receivedAt + WireProtocol.MAX_FUTURE_SKEW_MS;
        if (value > latest) {
            throw new Invalid(RejectReason.FUTURE_TS, at + "ts " + value + " is " + (value - receivedAt) / 1000
                    + " s ahead of the server clock (limit 300 s)"
                    + (plausible(value / 1000, latest) ? "; it looks like microseconds, not milliseconds" : ""));
        }
        if (value < WireProtocol.MIN_TS_MS) {
            // Only a positive count of seconds can be one (and value * 1000 must not wrap around).
            if (value > 0 && value <= Long.MAX_VALUE / 1000 && plausible(value * 1000, latest)) {
                throw new Invalid(RejectReason.PAST_TS, at + "ts " + value + " looks like seconds, not milliseconds (as seconds: "
                        + Instant.ofEpochSecond(value) + "); send epoch milliseconds");
            }
            throw new Invalid(RejectReason.PAST_TS, at + "ts " + value + " is before " + Instant.ofEpochMilli(WireProtocol.MIN_TS_MS)
                    + ", the earliest time stored (is the device clock set?)");
        }
        return value;
    }

    /** Whether {@code ms} is a time a device could have measured at: from 2000 up to the future limit. */
    private static boolean plausible(long ms, long latest) {
        return ms >= WireProtocol.MIN_TS_MS && ms <= latest;
    }

    private static Long sequence(JsonNode seq, String at) {
        if (seq == null || seq.isNull()) {
            return null;
        }
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0 || seq.longValue() > WireProtocol.MAX_SEQ) {
            throw new Invalid(RejectReason.BAD_SCHEMA, at + "seq must be an unsigned 32-bit integer");
        }
        return seq.longValue();
    }

    private static double number(String metric, JsonNode v, String at) {
        if (v.isBoolean()) {
            return v.booleanValue() ? 1 : 0;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new Invalid(RejectReason.BAD_VALUE, at + metric + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    /** True when any key or string inside holds U+0000, which PostgreSQL text and jsonb cannot store. */
    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().indexOf('\u0000') >= 0 || containsNul(e.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (containsNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static ValidationResult reject(RejectReason reason, String detail) {
        return new ValidationResult.Rejected(reason, detail);
    }

    /** Carries a rejection out of nested checks; never escapes this class. */
    private static final class Invalid extends RuntimeException {
        private final RejectReason reason;

        Invalid(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
