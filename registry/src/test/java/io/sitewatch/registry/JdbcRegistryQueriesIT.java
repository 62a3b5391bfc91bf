package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The registry read from its tables at the moment of each call, against a real PostgreSQL. */
class JdbcRegistryQueriesIT {

    static PGSimpleDataSource ds;
    static JdbcRegistryQueries queries;

    static Device device(String id, String site, String kind, int periodS) {
        return new Device(id, site, kind, id + " name", periodS, JsonNodeFactory.instance.objectNode());
    }

    @BeforeAll
    static void data() throws Exception {
        ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA));
        RegistryStore store = new RegistryStore(ds);
        store.upsertSite(new Site("S", "site S", "350102", new Enterprise("E1", "builder"), "building", "Asia/Shanghai",
                new BigDecimal("200000000.00"), "2025-01-01", "2027-01-01", null));
        store.upsertSite(new Site("S2", "site S2", "350103", null, "municipal", "Asia/Urumqi", null, null, null, null));
        store.upsertDevice(device("TC", "S", "tower_crane", 30));
        store.upsertDevice(device("ENV", "S", "env", 60));
        store.upsertDevice(device("HO", "S", "hoist", 10));
        store.upsertDevice(device("X", "S2", "env", 60));
        store.upsertOperator(new OperatorCert("C-OK", "op 1", "tower_crane_driver", "2025-01-01", "2030-01-01"));
        store.upsertOperator(new OperatorCert("C-OPEN", "op 2", "hoist_driver", null, null));
        store.upsertOperator(new OperatorCert("C-OTHER", "op 3", "hoist_driver", "2020-01-01", "2021-01-01"));
        queries = new JdbcRegistryQueries(ds);
    }

    @Test
    void aSiteAsStored() {
        Site s = queries.site("S").orElseThrow();
        assertEquals("site S", s.name());
        assertEquals("350102", s.region());
        assertEquals("Asia/Shanghai", s.timezone());
        assertEquals(0, new BigDecimal("200000000").compareTo(s.costCny()));
        assertEquals("2025-01-01", s.startDate());
        assertEquals("2027-01-01", s.endDate());
        Site s2 = queries.site("S2").orElseThrow();
        assertEquals("Asia/Urumqi", s2.timezone());
        assertEquals(null, s2.costCny());
        assertEquals(null, s2.startDate());
        assertEquals(Optional.empty(), queries.site("NONE"));
    }

    @Test
    void theDevicesOfASiteByDeviceId() {
        assertEquals(List.of("ENV env 60", "HO hoist 10", "TC tower_crane 30"), queries.devicesOfSite("S").stream()
                .map(d -> d.deviceId() + " " + d.kind() + " " + d.periodS()).toList());
        assertTrue(queries.devicesOfSite("S").stream().allMatch(d -> d.siteId().equals("S")));
        assertEquals(List.of(), queries.devicesOfSite("NONE"));
    }

    @Test
    void theRegisteredCertificatesAmongTheNumbersAsked() {
        Map<String, OperatorCert> got = queries.operators(Set.of("C-OK", "C-OPEN", "C-NONE", ""));
        assertEquals(Set.of("C-OK", "C-OPEN"), got.keySet());
        assertEquals(new OperatorCert("C-OK", "op 1", "tower_crane_driver", "2025-01-01", "2030-01-01"), got.get("C-OK"));
        assertEquals(new OperatorCert("C-OPEN", "op 2", "hoist_driver", null, null), got.get("C-OPEN"));
        assertEquals(Map.of(), queries.operators(Set.of()));
    }

    @Test
    void aChangeMadeInTheDatabaseIsSeenAtOnce() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO site (site_id, name, region, kind) VALUES ('S3', 'site S3', '350104', 'building')");
            st.execute("INSERT INTO device (device_id, site_id, kind, period_s) VALUES ('Y', 'S3', 'pit', 600)");
        }
        assertEquals("site S3", queries.site("S3").orElseThrow().name());
        assertEquals(List.of("Y"), queries.devicesOfSite("S3").stream().map(Device::deviceId).toList());
    }
}
