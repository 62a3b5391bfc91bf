package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.OperatorSpec;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Operators without a valid licence, otherwise a normal day (certificates picked from the fleet's
 * operators, so the registry knows them):
 * <ul>
 *   <li>tower crane, morning shift (login 07:00, logout at the first sample after 11:30 with no
 *       lift in progress): a tower_crane_driver certificate that has <b>expired</b> on that day;</li>
 *   <li>tower crane, afternoon shift (login 13:00): a valid certificate of the <b>wrong kind</b>
 *       (not tower_crane_driver);</li>
 *   <li>hoist, all day: certificate {@value #UNKNOWN_CERT}, <b>not registered</b>;</li>
 *   <li>gondola: its own valid certificate (control).</li>
 * </ul>
 * Every lift and trip of the crane and hoist that day is done by an unlicensed operator, so each
 * crane {@code work_cycle} falls inside an unlicensed session.
 */
public final class UnlicensedOperatorScenario implements Scenario {
    static final String UNKNOWN_CERT = "闽Z999999999999";

    @Override
    public String name() {
        return "unlicensed-operator";
    }

    @Override
    public String summary() {
        return "crane: expired certificate (morning), wrong-kind certificate (afternoon); hoist: unregistered";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        String expired = fleet.operators().stream()
                .filter(o -> o.kind().equals("tower_crane_driver") && !o.validOn(firstDay))
                .map(OperatorSpec::certNo).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fleet has no expired tower_crane_driver"));
        String wrongKind = fleet.operators().stream()
                .filter(o -> !o.kind().equals("tower_crane_driver") && o.validOn(firstDay))
                .map(OperatorSpec::certNo).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fleet has no valid non-crane operator"));
        String crane = d.device("tower_crane");
        return ScenarioPlan.of(List.of(
                new Disturbance(DisturbanceKind.OPERATOR, crane, d.at(0, 0), d.at(12, 30), 0, expired),
                new Disturbance(DisturbanceKind.OPERATOR, crane, d.at(12, 30), d.at(24, 0), 0, wrongKind),
                new Disturbance(DisturbanceKind.OPERATOR, d.device("hoist"), d.at(0, 0), d.at(24, 0), 0,
                        UNKNOWN_CERT)));
    }
}
