package io.sitewatch.simulator.load;

import java.util.Locale;

/**
 * The end of a load run. {@code seconds} is the publishing window (first publish to last);
 * {@code rate} = sent / seconds. {@code acked} counts PUBACKs at QoS 1 and completed socket writes
 * at QoS 0 (which has no acknowledgement), counted after waiting up to 30 s for stragglers.
 */
public record LoadReport(long sent, long acked, long errors, double seconds, double rate, int qos) {

    /** One line a script can parse: {@code LOAD-REPORT sent=… acked=… errors=… seconds=… rate=…}. */
    public String line() {
        return String.format(Locale.ROOT, "LOAD-REPORT sent=%d acked=%d errors=%d seconds=%.3f rate=%.0f qos=%d",
                sent, acked, errors, seconds, rate, qos);
    }
}
