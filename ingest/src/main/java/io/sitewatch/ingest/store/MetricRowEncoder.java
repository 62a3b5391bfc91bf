package io.sitewatch.ingest.store;

import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * One row per metric value, {@code telemetry (device_id, metric, ts, value)}: the TimescaleDB
 * layout's hypertable, whose continuous aggregates need the metric as a column (they cannot expand
 * arrays).
 */
final class MetricRowEncoder implements TelemetryEncoder {

    private final CopyBuffer copy = new CopyBuffer();
    private long rows;

    @Override
    public String table() {
        return "telemetry";
    }

    @Override
    public String columns() {
        return "(device_id, metric, ts, value)";
    }

    @Override
    public String stageColumns() {
        return "device_id text COLLATE \"C\", metric text COLLATE \"C\", ts timestamptz, value double precision";
    }

    @Override
    public String valuesPerRow() {
        return "1";
    }

    @Override
    public void encode(Connection c, List<IngestRecord.Telemetry> messages) {
        rows = 0;
        copy.reset();
        for (IngestRecord.Telemetry t : messages) {
            byte[] device = t.device().deviceId().getBytes(StandardCharsets.UTF_8);
            for (Sample s : t.samples()) {
                for (Map.Entry<String, Double> v : s.values().entrySet()) {
                    copy.tuple(4);
                    copy.text(device);
                    copy.text(v.getKey().getBytes(StandardCharsets.UTF_8));
                    copy.timestamp(s.ts());
                    copy.float8(v.getValue());
                    rows++;
                }
            }
        }
        copy.finish();
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
        return rows;
    }
}
