package io.sitewatch.alarms.rule;

/** The kinds of rule the engine evaluates; the YAML name is the lower-case form. */
public enum RuleType {
    /** Sample value beyond a level, sustained over N samples or a duration; clear with hysteresis. */
    THRESHOLD,
    /** Rolling-window arithmetic mean (wind 1 min, PM10/PM2.5 1 h). */
    MEAN,
    /**
     * Rolling-window median, judged only while every sample of the window meets the rule's
     * conditions (a tower's verticality: no load on the hook, wind ≤ 3 m/s, for ≥ 5 min).
     */
    MEDIAN,
    /** Equivalent continuous sound level over a window, with day and night limits in the site's time zone. */
    LEQ,
    /**
     * Change per site-local day (pit displacement mm/day): over the limit on one day, or over a
     * share of it on consecutive days (GB 50497-2019 表8.0.4 note as recalled: 100 %, or 70 % on 3 days).
     */
    DAILY_RATE,
    /** No message for N report periods (a timer, not a per-message check). */
    OFFLINE,
    /** Alarms the device raises and clears itself ({@code device_alarm} events). */
    DEVICE_ALARM,
    /** {@code operator_login} with an unknown, expired or wrong-kind certificate. */
    OPERATOR_CERTIFICATE,
    /** Operation (load or movement) while no valid operator is logged in. */
    NO_OPERATOR,
    /**
     * A lifting machine in use (load or movement, or a work cycle) while a paper of its service
     * has expired (使用登记, 定期检验, 防坠安全器): an alarm; a daily job warns ahead of each expiry.
     */
    EQUIPMENT_PAPERS,
    /** Lifting outside the site's working hours with no permit on its calendar: a warning (advisory). */
    NIGHT_WORK;

    public String yamlName() {
        return name().toLowerCase();
    }

    /** True for rules evaluated from telemetry samples of one metric. */
    public boolean isMetricRule() {
        return this == THRESHOLD || this == MEAN || this == MEDIAN || this == LEQ || this == DAILY_RATE;
    }
}
