package io.sitewatch.ingest.pipeline;

import io.sitewatch.ingest.testsupport.TestSchema;

import io.sitewatch.core.port.CommitListener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.platform.db.Database;
import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.ingest.validate.MessageReader;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pipeline for tests: a fresh migrated database, its batch writer on one worker thread, and
 * a registry of one device. Closing it closes Vert.x and the database.
 */
final class PipelineFixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    private final String jdbcUrl = TestPostgres.newDatabase();
    private final Database db;
    private final BatchWriter writer;

    /** {@code name} is the writer connection's application name (pg_stat_activity shows it). */
    PipelineFixture(String name) throws Exception {
        db = new Database(new SiteWatchConfig.Database(jdbcUrl, TestPostgres.user(), null,
                "auto", 30, 2, 2, 3600, 15, 90));
        writer = new BatchWriter(db, StorageLayout.of(TestSchema.migrate(db.pool(), "auto"), 30, 2), name);
    }

    IngestPipeline pipeline(Device device, SiteWatchConfig.Ingest settings, CommitListener listener, ReadGate gate) {
        IngestPipeline pipeline = new IngestPipeline(vertx,
                new MessageReader(WireProtocol.v1(), id -> id.equals(device.deviceId()) ? device : null), writer,
                vertx.createSharedWorkerExecutor(device.deviceId() + "-writer", 1), settings,
                new IngestMetrics(new SimpleMeterRegistry()), List.of(listener));
        pipeline.readGate(gate);
        return pipeline;
    }

    /** A connection of the test's own to the pipeline's database (outside the pool). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, TestPostgres.user(), null);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        writer.close();
        db.close();
    }
}
