package io.sitewatch.core.registry;

import java.time.LocalDate;
import java.util.Set;

/**
 * When and how a device serves its site (HTTP API 1.1): installed and removed on these dates (ISO
 * {@code YYYY-MM-DD}, null when not known; it is in service between them), whether it reports
 * around the clock ({@code continuous}) or while its site works ({@code working_hours}), and the
 * papers of a lifting machine: its 使用登记 (registration number and validity), its 定期检验
 * (periodic inspection) and, for a hoist, the calibration of its 防坠安全器 (fall arrester).
 */
public record DeviceService(String installDate, String removeDate, String schedule, Registration registration,
                            Validity inspection, Validity fallArrester) {

    public static final String CONTINUOUS = "continuous";
    public static final String WORKING_HOURS = "working_hours";
    public static final Set<String> SCHEDULES = Set.of(CONTINUOUS, WORKING_HOURS);
    /** Kinds that report while their site works: machines and the body-worn recorder. */
    private static final Set<String> WORKING_HOURS_KINDS = Set.of("tower_crane", "hoist", "gondola", "recorder");

    /** Nothing known beyond the kind's schedule. */
    public static final DeviceService NONE = new DeviceService(null, null, null, null, null, null);

    /** The schedule of a device of this kind that states none (env, pit and formwork report around the clock). */
    public static String defaultSchedule(String kind) {
        // A device without a kind (refused later by whoever checks it) must still be constructible.
        return kind != null && WORKING_HOURS_KINDS.contains(kind) ? WORKING_HOURS : CONTINUOUS;
    }

    /** The same with the kind's default schedule where none is given. */
    public DeviceService withScheduleOf(String kind) {
        return schedule != null ? this
                : new DeviceService(installDate, removeDate, defaultSchedule(kind), registration, inspection, fallArrester);
    }

    /** Whether the device is in service on this date (installed on or before it, removed on or after it). */
    public boolean inServiceOn(LocalDate d) {
        return (installDate == null || !d.isBefore(LocalDate.parse(installDate)))
                && (removeDate == null || !d.isAfter(LocalDate.parse(removeDate)));
    }

    /** A 使用登记: its number and the last date it is valid (null: not stated). */
    public record Registration(String no, String validTo) {
    }

    /** A certificate's last valid date. */
    public record Validity(String validTo) {
    }
}
