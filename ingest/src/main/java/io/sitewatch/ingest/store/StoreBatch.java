package io.sitewatch.ingest.store;

import io.sitewatch.core.model.Received;

import io.sitewatch.core.model.DeadLetter;
import io.sitewatch.core.model.IngestRecord;
import java.util.List;

/** What one transaction writes: validated records with their arrival time, and rejected messages. */
public record StoreBatch(List<Received> records, List<DeadLetter> deadLetters) {

    public StoreBatch {
        records = List.copyOf(records);
        deadLetters = List.copyOf(deadLetters);
    }

    public int messages() {
        return records.size() + deadLetters.size();
    }
}
