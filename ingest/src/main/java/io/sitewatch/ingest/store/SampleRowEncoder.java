package io.sitewatch.ingest.store;

import io.sitewatch.ingest.model.IngestRecord;
import io.sitewatch.ingest.model.Sample;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row per sample, {@code telemetry_sample (device_id, ts, metric_ids, vals)}: the plain
 * PostgreSQL layout. A crane message of seven metrics is one primary-key entry instead of seven,
 * which is what the insert rate depends on (docs/benchmarks.md). Metric names are numbered by
 * the {@link MetricDictionary}.
 */
final class SampleRowEncoder implements TelemetryEncoder {

    private final CopyBuffer copy = new CopyBuffer();
    private final MetricDictionary metrics;
    private int[] ids = new int[16];
    private double[] vals = new double[16];
    private long rows;
    private long values;

    SampleRowEncoder(MetricDictionary metrics) {
        this.metrics = metrics;
    }

    @Override
    public String table() {
        return "telemetry_sample";
    }

    @Override
    public String columns() {
        return "(device_id, ts, metric_ids, vals)";
    }

    @Override
    public String stageColumns() {
        return "device_id text COLLATE \"C\", ts timestamptz, metric_ids integer[], vals double precision[]";
    }

    @Override
    public String valuesPerRow() {
        return "cardinality(vals)";
    }

    @Override
    public void prepare(Connection c, List<IngestRecord.Telemetry> messages) throws SQLException {
        Set<String> unknown = null;
        for (IngestRecord.Telemetry t : messages) {
            for (Sample s : t.samples()) {
                for (String name : s.values().keySet()) {
                    if (metrics.id(name) < 0) {
                        if (unknown == null) {
                            unknown = new LinkedHashSet<>();
                        }
                        unknown.add(name);
                    }
                }
            }
        }
        if (unknown != null) {
            metrics.register(c, unknown);
        }
    }

    @Override
    public void reset() {
        rows = 0;
        values = 0;
        copy.reset();
    }

    @Override
    public void add(IngestRecord.Telemetry t) {
        byte[] device = t.device().deviceId().getBytes(StandardCharsets.UTF_8);
        for (Sample s : t.samples()) {
            int n = s.values().size();
            if (n > ids.length) {
                ids = new int[n];
                vals = new double[n];
            }
            int i = 0;
            for (Map.Entry<String, Double> v : s.values().entrySet()) {
                int id = metrics.id(v.getKey());
                if (id < 0) {
                    throw new IllegalStateException("metric not registered before encoding: " + v.getKey());
                }
                ids[i] = id;
                vals[i] = v.getValue();
                i++;
            }
            copy.tuple(4);
            copy.text(device);
            copy.timestamp(s.ts());
            copy.int4Array(ids, n);
            copy.float8Array(vals, n);
            rows++;
            values += n;
        }
    }

    @Override
    public CopyBuffer buffer() {
        return copy;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long values() {
        return values;
    }
}
