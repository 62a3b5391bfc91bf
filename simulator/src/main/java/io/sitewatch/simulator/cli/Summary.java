package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.mqtt.PublishCounters;
import io.sitewatch.simulator.run.RunStats;

/** The closing line of a fleet or scenario run, on stderr so stdout stays the payload stream in --dry-run. */
final class Summary {
    private Summary() {
    }

    static void print(RunStats stats, PublishCounters counters) {
        System.err.printf("RUN-REPORT %s published=%d acked=%d errors=%d%s%n", stats, counters.sentCount(),
                counters.ackedCount(), counters.errorCount(),
                counters.lastError() == null ? "" : " lastError=" + counters.lastError());
    }
}
