package io.sitewatch.simulator.model;

/** What a scenario (or the demo) imposes on a device or site for a while. */
public enum DisturbanceKind {
    /** Crane: lift at {@code magnitude} % moment. Hoist: trip at that % load, too many people. Gondola: 3 people, 2 harnesses. */
    OVERLOAD,
    /** Gondola: uneven winches tilt the platform towards {@code magnitude} degrees; the arrester locks at its lock angle. */
    TILT,
    /** Site: extra wind peaking at {@code magnitude} m/s (at 10 m) in the middle of the window, with gusts. */
    STORM,
    /** Site: extra PM10 peaking at {@code magnitude} µg/m³ (PM2.5 and TSP follow). */
    DUST,
    /** Site: night work, 20-min Leq around {@code magnitude} dB(A) with impulses 15 dB above. */
    NIGHT_WORK,
    /** Pit or formwork point: extra displacement growing exponentially to {@code magnitude} mm at the window end. */
    ACCELERATION,
    /** Device: offline, buffering samples; flushes them as arrays when the window ends. */
    OUTAGE,
    /** Device: its clock runs {@code magnitude} seconds ahead (negative: behind). */
    CLOCK_SKEW,
    /** Crane, hoist or gondola: the operator logs in with certificate {@code text}. */
    OPERATOR,
    /**
     * Device: its monitor is broken and sends nothing, no sample and no event, though the device
     * stays connected and switched on (a sensor cable cut, a dead board): what SiteWatch sees as
     * silence in working hours. Nothing is buffered.
     */
    SILENT
}
