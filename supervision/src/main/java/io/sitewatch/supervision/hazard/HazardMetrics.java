package io.sitewatch.supervision.hazard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** The ledger's counters: transitions by kind, and recorder rectifications that name no hazard. */
public final class HazardMetrics {

    public static final String TRANSITIONS = "sitewatch_hazard_transitions";
    public static final String UNMATCHED = "sitewatch_hazard_rectifications_unmatched";

    private final Map<HazardTransition, Counter> transitions = new EnumMap<>(HazardTransition.class);
    private final Counter unmatched;

    public HazardMetrics(MeterRegistry registry) {
        for (HazardTransition t : HazardTransition.values()) {
            transitions.put(t, Counter.builder(TRANSITIONS).description("Hazard ledger transitions, committed and published")
                    .tag("transition", t.code()).register(registry));
        }
        unmatched = Counter.builder(UNMATCHED).description("Recorder hazard_rectified events that name no hazard of their site")
                .register(registry);
    }

    void transition(HazardTransition t) {
        transitions.get(t).increment();
    }

    void unmatched() {
        unmatched.increment();
    }
}
