package io.sitewatch.ingest.validate;

import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;

/** Outcome of validating a decoded message against the registry and the wire protocol. */
public sealed interface ValidationResult {

    record Accepted(IngestRecord record) implements ValidationResult {
    }

    record Rejected(RejectReason reason, String detail) implements ValidationResult {
    }
}
