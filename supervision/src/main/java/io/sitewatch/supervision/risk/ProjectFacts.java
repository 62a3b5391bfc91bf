package io.sitewatch.supervision.risk;

import java.util.List;

/**
 * What the model reads of one project (a site) over a window, gathered through the ports ({@link
 * RiskData}). Plain values: the same facts give the same scores.
 *
 * @param devices     the project's registered devices (the aggregation weight)
 * @param deviceDays  device-days with telemetry in the window (the alarms factor's denominator)
 * @param alarms      alarm counts per rule and level
 * @param majorHazards major hazards open at the window's end
 * @param monitoring  each mandatory monitoring device's working days and the ones it reported on
 * @param duties      each key person's working days, present days and the share their role requires
 */
public record ProjectFacts(String projectId, String name, String enterpriseCode, String enterpriseName, String region,
                           int devices, int deviceDays, List<AlarmCount> alarms, List<HazardFact> majorHazards,
                           List<Monitoring> monitoring, List<Duty> duties) {

    public ProjectFacts {
        alarms = List.copyOf(alarms);
        majorHazards = List.copyOf(majorHazards);
        monitoring = List.copyOf(monitoring);
        duties = List.copyOf(duties);
    }

    /**
     * Alarms of one rule and level started in the window. {@code ackSeconds}: the sum over them of
     * the time to acknowledge (an unacknowledged one until the window's end), each at most the
     * model's cap; {@code alarmIds}: some of them, the latest first (the evidence named inline).
     */
    public record AlarmCount(String rule, String level, int count, double ackSeconds, List<String> alarmIds) {
        public AlarmCount {
            alarmIds = List.copyOf(alarmIds);
        }
    }

    /** A major hazard open at the window's end; {@code overdue} when past its deadline then. */
    public record HazardFact(String hazardId, boolean overdue) {
    }

    /** A mandatory monitoring device: working days in the window, and those on which it reported. */
    public record Monitoring(String deviceId, String kind, int workingDays, int reportedDays) {
    }

    /** A key person: the site's working days in the window, the days present, the share required. */
    public record Duty(String personId, String role, int workingDays, int presentDays, double required) {
    }
}
