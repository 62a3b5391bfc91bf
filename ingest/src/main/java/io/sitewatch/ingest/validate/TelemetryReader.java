package io.sitewatch.ingest.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.model.SampleValues;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.KindSpec;
import io.sitewatch.core.protocol.MetricRange;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads plain telemetry in one streaming pass straight into the record {@link MessageValidator}
 * would make of it: one sample object or an array of them, each with an integer {@code ts} not in
 * the future nor before 2000, an optional {@code seq} and a non-empty {@code values} object of numbers and flags,
 * every listed metric in range, from a registered device on its own site. That is nearly all of the
 * traffic, and building a JSON tree and walking it costs about twice the CPU and allocation
 * ({@code DecodeBenchmark} in the tests).
 *
 * <p>It never rejects. For anything else it returns null and the message takes the tree path
 * (decode, then validate), which alone decides the rejection and words its detail; so this reader
 * only has to agree with the validator on what it accepts. It reads and decodes every token with
 * the decoder's own parser, skipping nothing, so that it cannot accept a payload the tree decode
 * would find malformed.
 */
final class TelemetryReader {

    private final MessageDecoder decoder;
    private final WireProtocol protocol;
    private final DeviceLookup devices;

    TelemetryReader(MessageDecoder decoder, WireProtocol protocol, DeviceLookup devices) {
        this.decoder = decoder;
        this.protocol = protocol;
        this.devices = devices;
    }

    /**
     * The record for a telemetry message, or null when it must take the tree path.
     *
     * @param payload at most {@link WireProtocol#MAX_PAYLOAD_BYTES}
     */
    IngestRecord.Telemetry read(Topic topic, byte[] payload, long receivedAt) {
        Device device = devices.device(topic.deviceId());
        if (device == null || !device.siteId().equals(topic.siteId()) || MessageDecoder.byteFF(payload) >= 0) {
            return null;
        }
        try (JsonParser p = decoder.streamingParser(payload)) {
            Message m = new Message(p, protocol.kind(device.kind()), receivedAt);
            List<Sample> samples;
            JsonToken root = p.nextToken();
            if (root == JsonToken.START_OBJECT) {
                Sample s = m.sample();
                samples = s == null ? null : List.of(s);
            } else if (root == JsonToken.START_ARRAY) {
                samples = m.samples();
            } else {
                return null;
            }
            // The tree decode fails on anything after the root value.
            if (samples == null || p.nextToken() != null) {
                return null;
            }
            return new IngestRecord.Telemetry(device, samples, m.unknownMetricValues);
        } catch (IOException malformed) {
            return null;
        }
    }

    /** One message being read: its parser, its device kind and the count of unlisted metric values. */
    private static final class Message {
        private final JsonParser p;
        /** Null for a kind the protocol does not list: then every metric is unlisted. */
        private final KindSpec kind;
        private final long receivedAt;
        int unknownMetricValues;

        Message(JsonParser p, KindSpec kind, long receivedAt) {
            this.p = p;
            this.kind = kind;
            this.receivedAt = receivedAt;
        }

        /** At the opening bracket: the samples of a store-and-forward array, or null. */
        List<Sample> samples() throws IOException {
            List<Sample> samples = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                Sample s = samples.size() < WireProtocol.MAX_SAMPLES_PER_MESSAGE ? sample() : null;
                if (s == null) {
                    return null;
                }
                samples.add(s);
            }
            return t == JsonToken.END_ARRAY && !samples.isEmpty() ? samples : null;
        }

        /**
         * At the opening brace of a sample: the sample, or null. Unknown fields are ignored, as the
         * validator does; a name given twice is left to the tree decode, which rejects it.
         */
        Sample sample() throws IOException {
            long ts = 0;
            boolean hasTs = false;
            boolean hasSeq = false;
            Long seq = null;
            Map<String, Double> values = null;
            List<String> others = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "ts" -> {
                        if (hasTs || !isLong(value)) {
                            return null;
                        }
                        ts = p.getLongValue();
                        hasTs = true;
                    }
                    case "seq" -> {
                        if (hasSeq) {
                            return null;
                        }
                        hasSeq = true;
                        if (value != JsonToken.VALUE_NULL) {
                            if (!isLong(value) || p.getLongValue() < 0 || p.getLongValue() > WireProtocol.MAX_SEQ) {
                                return null;
                            }
                            seq = p.getLongValue();
                        }
                    }
                    case "values" -> {
                        values = values == null && value == JsonToken.START_OBJECT ? values() : null;
                        if (values == null) {
                            return null;
                        }
                    }
                    default -> {
                        if (others == null) {
                            others = new ArrayList<>(2);
                        } else if (others.contains(field)) {
                            return null;
                        }
                        others.add(field);
                        if (!ignorable(value)) {
                            return null;
                        }
                    }
                }
            }
            if (!hasTs || ts > receivedAt + WireProtocol.MAX_FUTURE_SKEW_MS || ts < WireProtocol.MIN_TS_MS || values == null) {
                return null;
            }
            return new Sample(ts, seq, values);
        }

        /** At the opening brace of {@code values}: the metric values, or null. */
        private Map<String, Double> values() throws IOException {
            SampleValues read = new SampleValues();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String metric = p.currentName();
                if (metric.isEmpty() || metric.indexOf('\u0000') >= 0) {
                    return null;
                }
                double v = number(p.nextToken());
                if (!Double.isFinite(v)) {
                    return null;
                }
                if (read.contains(metric)) {
                    return null;
                }
                MetricRange range = kind == null ? null : kind.range(metric);
                if (range == null) {
                    unknownMetricValues++;
                } else if (!range.contains(v)) {
                    return null;
                }
                read.put(metric, v);
            }
            return read.isEmpty() ? null : read.toMap();
        }

        /**
         * A metric value as the validator reads it from the tree (a flag as 1/0, an integer node's
         * or a double node's double value), or NaN
         * for anything the tree path must judge.
         */
        private double number(JsonToken t) throws IOException {
            return switch (t) {
                case VALUE_TRUE -> 1;
                case VALUE_FALSE -> 0;
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> Double.NaN;
                };
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                default -> Double.NaN;
            };
        }

        /** An integer the tree would hold as an int or long node (a bigger one takes the tree path). */
        private boolean isLong(JsonToken t) throws IOException {
            return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        }

        /**
         * A scalar in a field the validator ignores, decoded as the tree decode would so that a
         * malformed one fails here too; an object or array takes the tree path.
         */
        private boolean ignorable(JsonToken t) throws IOException {
            switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }
}
