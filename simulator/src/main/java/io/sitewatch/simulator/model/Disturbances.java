package io.sitewatch.simulator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The disturbances of a run, indexed by window start so a long demo schedule stays cheap to query. */
public final class Disturbances {
    public static final Disturbances NONE = new Disturbances(List.of());

    private final List<Disturbance> byStart;
    private final long longestMs;

    public Disturbances(List<Disturbance> all) {
        List<Disturbance> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(Disturbance::fromTs));
        this.byStart = List.copyOf(sorted);
        this.longestMs = sorted.stream().mapToLong(d -> d.toTs() - d.fromTs()).max().orElse(0);
    }

    public Optional<Disturbance> active(DisturbanceKind kind, String target, long ts) {
        int hi = firstStartingAfter(ts);
        for (int i = hi - 1; i >= 0; i--) {
            Disturbance d = byStart.get(i);
            if (d.fromTs() < ts - longestMs) {
                break;
            }
            if (d.kind() == kind && d.target().equals(target) && d.activeAt(ts)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The disturbance of that kind whose window ended in (afterTs, ts], if any. */
    public Optional<Disturbance> endedBetween(DisturbanceKind kind, String target, long afterTs, long ts) {
        for (Disturbance d : byStart) {
            if (d.fromTs() > ts) {
                break;
            }
            if (d.kind() == kind && d.target().equals(target) && d.toTs() > afterTs && d.toTs() <= ts) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** True if a disturbance of that kind on that target starts in (afterTs, untilTs]. */
    public boolean startsWithin(DisturbanceKind kind, String target, long afterTs, long untilTs) {
        for (int i = firstStartingAfter(afterTs); i < byStart.size() && byStart.get(i).fromTs() <= untilTs; i++) {
            if (byStart.get(i).kind() == kind && byStart.get(i).target().equals(target)) {
                return true;
            }
        }
        return false;
    }

    public List<Disturbance> all() {
        return byStart;
    }

    private int firstStartingAfter(long ts) {
        int lo = 0;
        int hi = byStart.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (byStart.get(mid).fromTs() <= ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
