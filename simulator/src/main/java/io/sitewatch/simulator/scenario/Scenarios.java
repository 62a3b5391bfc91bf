package io.sitewatch.simulator.scenario;

import java.util.List;
import java.util.Optional;

/** The scenarios by name. */
public final class Scenarios {
    private static final List<Scenario> ALL = List.of(
            new NormalDayScenario(), new OverloadScenario(), new TyphoonScenario(), new DustEpisodeScenario(),
            new NightNoiseScenario(), new PitAccelerationScenario(), new OutageBacklogScenario(),
            new ClockSkewScenario(), new HostileMessagesScenario(), new UnlicensedOperatorScenario());

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
