package io.sitewatch.core.model;

/** A validated record with the server time it arrived at, as the pipeline hands it on after commit. */
public record Received(IngestRecord record, long receivedAt) {
}
