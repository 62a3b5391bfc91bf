package io.sitewatch.supervision.risk;

import java.util.List;

/**
 * What the model reads of one project (a site) over a window, gathered through the ports ({@link
 * RiskData}). Plain values: the same facts give the same scores.
 *
 * @param devices      the project's registered devices (the aggregation weight)
 * @param deviceDays   device-days with telemetry in the window (the alarms factor's denominator)
 * @param alarms       alarm counts per rule and level
 * @param majorHazards major hazards open at the window's end
 * @param monitoring   each mandatory monitoring device's working days and the ones it reported on
 * @param duties       each key person's working days, present days and the share their role requires
 * @param recorder     the working days and those that failed the recorder check (worn, and the log uploaded)
 * @param papers       the stated papers of the project's devices, with the days they are still valid after the window
 * @param letters      warning letters to the project not answered by their deadline
 */
public record ProjectFacts(String projectId, String name, String enterpriseCode, String enterpriseName, String region,
                           int devices, int deviceDays, List<AlarmCount> alarms, List<HazardFact> majorHazards,
                           List<Monitoring> monitoring, List<Duty> duties, RecorderCheck recorder, List<Paper> papers,
                           List<LetterFact> letters) {

    public ProjectFacts {
        alarms = List.copyOf(alarms);
        majorHazards = List.copyOf(majorHazards);
        monitoring = List.copyOf(monitoring);
        duties = List.copyOf(duties);
        recorder = recorder == null ? RecorderCheck.NONE : recorder;
        papers = List.copyOf(papers);
        letters = List.copyOf(letters);
    }

    /** The facts model 2026.1 reads (no recorder check, papers or letters). */
    public ProjectFacts(String projectId, String name, String enterpriseCode, String enterpriseName, String region, int devices,
                        int deviceDays, List<AlarmCount> alarms, List<HazardFact> majorHazards, List<Monitoring> monitoring,
                        List<Duty> duties) {
        this(projectId, name, enterpriseCode, enterpriseName, region, devices, deviceDays, alarms, majorHazards, monitoring, duties,
                RecorderCheck.NONE, List.of(), List.of());
    }

    /**
     * Alarms of one rule and level started in the window. {@code ackSeconds}: the sum over them of
     * the time to acknowledge (an unacknowledged one until the window's end), each at most the
     * model's cap; {@code disposeSeconds} likewise the time to the site's first disposal (处置);
     * {@code alarmIds}: some of them, the latest first (the evidence named inline).
     */
    public record AlarmCount(String rule, String level, int count, double ackSeconds, double disposeSeconds, List<String> alarmIds) {
        public AlarmCount {
            alarmIds = List.copyOf(alarmIds);
        }

        /** A count whose disposal is not known (it then counts as immediate). */
        public AlarmCount(String rule, String level, int count, double ackSeconds, List<String> alarmIds) {
            this(rule, level, count, ackSeconds, 0, alarmIds);
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

    /**
     * The recorder check (四不两直 recorder and the daily safety log): the site's working days in
     * the window, and each one that failed it, in date order.
     */
    public record RecorderCheck(int workingDays, List<RecorderMiss> misses) {
        public static final RecorderCheck NONE = new RecorderCheck(0, List.of());

        public RecorderCheck {
            misses = List.copyOf(misses);
        }
    }

    /**
     * A working day ({@code YYYY-MM-DD}) that failed the recorder check: no registered recorder of
     * the site reported that day ({@code noRecorder}), and/or the previous working day's safety log
     * had not arrived by the end of it ({@code noLog}).
     */
    public record RecorderMiss(String day, boolean noRecorder, boolean noLog) {
    }

    /**
     * A device's paper ({@code registration} 使用登记, {@code inspection} 定期检验, {@code
     * fall_arrester} 防坠安全器标定) as registered: its last valid day and how many days after the
     * window's last day it is still valid ({@code daysLeft} below 0: expired by then).
     */
    public record Paper(String deviceId, String kind, String paper, String validTo, long daysLeft) {
    }

    /**
     * A warning letter to the project not answered by its deadline ({@code YYYY-MM-DD}); {@code
     * answered} when an answer came late but within the window.
     */
    public record LetterFact(String letterId, String deadline, boolean answered) {
    }
}
