package io.sitewatch.alarms.eval;

import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Subject;
import io.sitewatch.alarms.state.Transition;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The alarm state machine, pure: given the open alarm (or none) and a verdict, the next alarm and
 * the transition, if any. A warning that escalates keeps its id; the level never drops while the
 * alarm is open (it clears instead); an escalated alarm needs a new acknowledgement.
 */
public final class AlarmLifecycle {

    public static final String ENGINE = "sitewatch";

    /** The alarm after the step (null when none is open) and what happened (null for nothing). */
    public record Step(Alarm open, AlarmChange change) {
    }

    private AlarmLifecycle() {
    }

    /**
     * {@code clock} gives the server time of a transition; it is read only when there is one (the
     * engine judges every sample, and most judgements change nothing).
     */
    public static Step apply(Alarm open, Verdict v, Subject s, boolean lowIsWorse, long eventTs, LongSupplier clock,
                             long receivedAt, Supplier<String> ids) {
        if (open == null) {
            if (v.level() == null) {
                return new Step(null, null);
            }
            Alarm raised = new Alarm(ids.get(), s.siteId(), s.region(), s.deviceId(), s.kind(), s.rule(), s.metric(),
                    v.level(), AlarmState.ACTIVE, v.value(), v.threshold(), eventTs, null, null, null, null, v.detail());
            return new Step(raised, new AlarmChange(raised, Transition.RAISED, ENGINE, null, clock.getAsLong(), receivedAt));
        }
        if (v.level() != null && v.level().above(open.level())) {
            Alarm up = open.withLevel(v.level(), worst(open.value(), v.value(), lowIsWorse), v.threshold(), v.detail());
            return new Step(up, new AlarmChange(up, Transition.ESCALATED, ENGINE, null, clock.getAsLong(), receivedAt));
        }
        if (v.level() != null) {
            double worst = worst(open.value(), v.value(), lowIsWorse);
            return new Step(worst == open.value() ? open : open.withValue(worst), null);
        }
        if (v.clear()) {
            Alarm done = open.cleared(eventTs);
            return new Step(null, new AlarmChange(done, Transition.CLEARED, ENGINE, null, clock.getAsLong(), receivedAt));
        }
        return new Step(open, null);
    }

    /** A rule that raises at a fixed level outside a verdict (offline, certificates, device alarms). */
    public static Verdict raise(Level level, double value, double threshold, String detail) {
        return new Verdict(level, false, value, threshold, detail);
    }

    private static double worst(double a, double b, boolean lowIsWorse) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return lowIsWorse ? Math.min(a, b) : Math.max(a, b);
    }
}
