package io.sitewatch.supervision.hazard;

/**
 * One stored transition of a hazard, for its history: when ({@code at}: the recorder's time for a
 * recorder's event, else server time), who ({@code by}: a user, an officer of the recorder, or
 * {@code sitewatch}), and what came with it.
 */
public record HazardEvent(long at, String transition, String state, String by, String comment, String text,
                          String photoSha256, String ref) {
}
