package io.sitewatch.rating.evidence;

import io.sitewatch.rating.text.Msg;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Share of operator logins with a registered certificate, valid that day and of the device's kind. */
public final class OperatorCompliance {

    private OperatorCompliance() {
    }

    /**
     * @param deviceKinds kind of each device of the site
     * @param certKinds   device kind → required certificate kind; kinds not listed accept any certificate
     */
    public static RateFact measure(List<RatingData.EventFact> logins, Map<String, String> deviceKinds,
                                   Map<String, RatingData.CertFact> certs, Map<String, String> certKinds, ZoneId zone) {
        long ok = 0;
        long unknown = 0;
        long expired = 0;
        long wrongKind = 0;
        for (RatingData.EventFact e : logins) {
            RatingData.CertFact cert = certs.get(e.data().path("cert_no").asText());
            String needed = certKinds.get(deviceKinds.get(e.deviceId()));
            if (cert == null) {
                unknown++;
            } else if (!cert.validOn(e.ts().atZone(zone).toLocalDate())) {
                expired++;
            } else if (needed != null && !needed.equals(cert.kind())) {
                wrongKind++;
            } else {
                ok++;
            }
        }
        return new RateFact(ok, logins.size(), true, logins.isEmpty()
                ? "no operator logins in the window"
                : ok + " of " + logins.size() + " operator logins with a valid certificate of the right kind ("
                        + unknown + " unknown, " + expired + " not valid that day, " + wrongKind + " wrong kind)",
                logins.isEmpty() ? Msg.of("logins.none") : Msg.of("logins.counted", "ok", ok, "total", (long) logins.size(),
                        "unknown", unknown, "expired", expired, "wrong", wrongKind));
    }
}
