package io.sitewatch.ingest.store;

import io.sitewatch.ingest.model.DeadLetter;
import io.sitewatch.ingest.model.IngestRecord;
import java.util.List;

/** What one transaction writes: validated records with their arrival time, and rejected messages. */
public record StoreBatch(List<Received> records, List<DeadLetter> deadLetters) {

    public record Received(IngestRecord record, long receivedAt) {
    }

    public StoreBatch {
        records = List.copyOf(records);
        deadLetters = List.copyOf(deadLetters);
    }

    public int messages() {
        return records.size() + deadLetters.size();
    }
}
