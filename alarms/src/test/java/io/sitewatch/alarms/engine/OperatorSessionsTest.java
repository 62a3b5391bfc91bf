package io.sitewatch.alarms.engine;

import static io.sitewatch.alarms.engine.ShardFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operator sessions at a tower crane (rules.yaml: operator.certificate needs a
 * tower_crane_driver certificate; tower_crane.no_operator: load_t above 0.2 t with no valid
 * operator, clearing after 5 idle minutes). Event and sample times are device time.
 */
class OperatorSessionsTest {

    private final ShardFixture f;
    private final Device crane = ShardFixture.device("TC1", "tower_crane", 5);

    OperatorSessionsTest() throws Exception {
        f = new ShardFixture();
        f.registry.put(new OperatorCert("C-VALID", "A", "tower_crane_driver", "2024-01-01", "2030-12-31"));
        f.registry.put(new OperatorCert("C-EXPIRED", "B", "tower_crane_driver", "2020-01-01", "2024-06-30"));
        f.registry.put(new OperatorCert("C-HOIST", "C", "hoist_driver", "2024-01-01", "2030-12-31"));
        f.registry.put(new OperatorCert("C-LATER", "D", "tower_crane_driver", "2025-07-02", "2030-12-31"));
        f.registry.put(new OperatorCert("C-JUNE", "E", "tower_crane_driver", "2024-01-01", "2025-06-30"));
    }

    /** "rule transition: detail" (detail only when the alarm is raised). */
    private static List<String> seen(List<AlarmChange> changes) {
        return changes.stream().map(c -> c.alarm().rule() + " " + c.transition().code()
                + (c.transition().code().equals("raised") ? ": " + c.alarm().detail() : "")).toList();
    }

    private List<String> login(String cert, long ts) {
        return seen(f.event(crane, ts, "operator_login", "{\"cert_no\":\"" + cert + "\"}"));
    }

    private List<String> load(double tonnes) {
        return seen(f.telemetry(crane, Map.of("load_t", tonnes)));
    }

    @Test
    void anExpiredCertificateThenOperatingThenAValidLogin() {
        assertEquals(List.of("operator.certificate raised: operator_login with certificate C-EXPIRED: expired on 2024-06-30"),
                login("C-EXPIRED", T0));
        assertEquals(List.of("tower_crane.no_operator raised: operating (load_t 1.5) with no valid operator logged in; "
                + "logged in: C-EXPIRED"), load(1.5));
        assertEquals(List.of(), load(2.0), "still operating: the open alarm is not raised again");
        assertEquals(List.of("operator.certificate cleared", "tower_crane.no_operator cleared"), login("C-VALID", T0 + 1_000));
        assertEquals(List.of(), load(2.0), "operating with a valid operator");
    }

    @Test
    void whatACertificateMustBe() {
        assertEquals(List.of("operator.certificate raised: operator_login with certificate C-NOBODY: unknown certificate"),
                login("C-NOBODY", T0));
        assertEquals(List.of("operator.certificate cleared"), login("C-VALID", T0 + 1_000));
        assertEquals(List.of("operator.certificate raised: operator_login with certificate C-HOIST: a hoist_driver "
                + "certificate does not cover a tower_crane (needs tower_crane_driver)"), login("C-HOIST", T0 + 2_000));
        assertEquals(List.of("operator.certificate cleared"), login("C-VALID", T0 + 3_000));
        assertEquals(List.of("operator.certificate raised: operator_login with certificate C-LATER: not valid before 2025-07-02"),
                login("C-LATER", T0 + 4_000));
    }

    /** Validity is judged on the site's calendar day (Asia/Shanghai, UTC+8, when the site sets none). */
    @Test
    void aCertificateIsValidUntilTheEndOfItsLastDayOnSite() {
        long lastMinute = Instant.parse("2025-06-30T15:59:00Z").toEpochMilli();
        long nextDay = Instant.parse("2025-06-30T16:00:00Z").toEpochMilli();
        assertEquals(List.of(), login("C-JUNE", lastMinute), "23:59 on 30 June in Shanghai");
        assertEquals(List.of("operator.certificate raised: operator_login with certificate C-JUNE: expired on 2025-06-30"),
                login("C-JUNE", nextDay));
    }

    @Test
    void aLogoutClearsTheCertificateAlarmAndLeavesTheMachineWithoutAnOperator() {
        login("C-EXPIRED", T0);
        assertEquals(List.of("operator.certificate cleared"),
                seen(f.event(crane, T0 + 1_000, "operator_logout", "{\"cert_no\":\"C-EXPIRED\"}")));
        assertEquals(List.of("tower_crane.no_operator raised: operating (load_t 1.5) with no valid operator logged in"),
                load(1.5));
    }

    /** After a restart, the last stored login is checked again: a valid one lets the crane work. */
    @Test
    void aStoredSessionIsRestored() {
        Device other = ShardFixture.device("TC2", "tower_crane", 5);
        f.shard.preload(crane, List.of(), List.of(), null, new StateLoader.OperatorSession("C-VALID", true, T0 - 60_000), T0);
        f.shard.preload(other, List.of(), List.of(), null, new StateLoader.OperatorSession("C-EXPIRED", true, T0 - 60_000), T0);
        f.open();
        assertEquals(List.of(), load(1.5));
        assertEquals(List.of("tower_crane.no_operator raised: operating (load_t 1.5) with no valid operator logged in; "
                + "logged in: C-EXPIRED"), seen(f.telemetry(other, Map.of("load_t", 1.5))));
    }
}
