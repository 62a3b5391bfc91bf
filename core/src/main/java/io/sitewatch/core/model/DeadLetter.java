package io.sitewatch.core.model;

/** A rejected message as kept in the dead-letter store; the payload is cut at 64 KiB. */
public record DeadLetter(long receivedAt, String topic, RejectReason reason, String detail, byte[] payload) {
}
