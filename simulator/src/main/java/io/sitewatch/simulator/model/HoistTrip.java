package io.sitewatch.simulator.model;

/**
 * One hoist trip: doors open at the start floor while people and goods get in, doors close, the
 * cage travels at constant speed to the target floor. Passengers leave at the next trip's dwell.
 */
record HoistTrip(long startTs, double fromM, double toM, long dwellMs, double speedMs, int people, double loadKg) {

    long departTs() {
        return startTs + dwellMs;
    }

    long endTs() {
        return departTs() + Math.round(Math.abs(toM - fromM) / speedMs * 1000);
    }

    boolean doorOpen(long ts) {
        return ts < departTs();
    }

    double heightAt(long ts) {
        if (ts <= departTs()) {
            return fromM;
        }
        if (ts >= endTs()) {
            return toM;
        }
        return fromM + (toM - fromM) * (ts - departTs()) / (double) (endTs() - departTs());
    }

    double speedAt(long ts) {
        if (ts <= departTs() || ts >= endTs()) {
            return 0;
        }
        return Math.signum(toM - fromM) * speedMs;
    }
}
