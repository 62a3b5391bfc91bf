package io.sitewatch.ingest.store;

/**
 * Counts from one committed batch. Duplicates are values (or events, statuses) that were already
 * stored: QoS 1 redeliveries and re-sent buffers.
 */
public record BatchResult(int messages, long valuesStaged, long valuesInserted, int events, int eventsInserted,
                          int statuses, int deadLetters, long commitNanos) {

    public long duplicateValues() {
        return valuesStaged - valuesInserted;
    }

    public int duplicateEvents() {
        return events - eventsInserted;
    }
}
