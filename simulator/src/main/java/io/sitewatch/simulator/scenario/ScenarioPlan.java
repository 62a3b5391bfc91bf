package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.run.RawMessage;

import java.util.List;

/** What a scenario imposes on its day(s): disturbances of the models, and raw messages to publish. */
public record ScenarioPlan(List<Disturbance> disturbances, List<RawMessage> rawMessages) {
    public static ScenarioPlan of(List<Disturbance> disturbances) {
        return new ScenarioPlan(disturbances, List.of());
    }
}
