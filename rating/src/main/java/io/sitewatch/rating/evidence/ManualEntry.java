package io.sitewatch.rating.evidence;

/**
 * A value rating staff entered for what no device reports: points of a manual item, or 1/0 for a
 * declaration gate, with the comment and the SHA-256 of the supporting attachment.
 */
public record ManualEntry(double value, String comment, String attachmentSha256, String by, long atMs) {
}
