package io.sitewatch.supervision.letter;

/**
 * One stored transition of a letter, for its history: when (server time), which transition, the
 * state after it, who, and what came with it (a return's reason or a closing remark in {@code
 * comment}; an answer's text and its attachment's SHA-256).
 */
public record LetterEvent(long at, String transition, String state, String by, String comment, String text,
                          String attachmentSha256) {
}
