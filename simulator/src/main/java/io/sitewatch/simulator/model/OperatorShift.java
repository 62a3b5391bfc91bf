package io.sitewatch.simulator.model;

import io.sitewatch.simulator.wire.EventData;

/**
 * The driver of a crane, hoist or gondola: logs in with a certificate when work starts and out when
 * it ends. An OPERATOR disturbance swaps in another certificate (expired, wrong kind, unknown).
 */
final class OperatorShift {
    private final String deviceId;
    private final String ownCertNo;
    private final Disturbances disturbances;
    private String loggedInAs;

    OperatorShift(String deviceId, String ownCertNo, Disturbances disturbances) {
        this.deviceId = deviceId;
        this.ownCertNo = ownCertNo;
        this.disturbances = disturbances;
    }

    void update(long ts, boolean working, Emitter out) {
        String wanted = working ? certificateAt(ts) : null;
        if (loggedInAs != null && !loggedInAs.equals(wanted)) {
            out.event(ts, "operator_logout", new EventData().text("cert_no", loggedInAs));
            loggedInAs = null;
        }
        if (wanted != null && loggedInAs == null) {
            out.event(ts, "operator_login", new EventData().text("cert_no", wanted));
            loggedInAs = wanted;
        }
    }

    boolean loggedIn() {
        return loggedInAs != null;
    }

    private String certificateAt(long ts) {
        return disturbances.active(DisturbanceKind.OPERATOR, deviceId, ts).map(Disturbance::text).orElse(ownCertNo);
    }
}
