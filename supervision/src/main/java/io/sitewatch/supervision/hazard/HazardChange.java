package io.sitewatch.supervision.hazard;

/** A committed transition with the hazard as it is afterwards: what the ledger publishes. */
public record HazardChange(Hazard hazard, HazardTransition transition, long at, String by) {
}
