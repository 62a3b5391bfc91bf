/**
 * The hazard ledger (重大事故隐患台账) and its 动态清零 board: hazards from recorders, from alarms of
 * rules marked as major hazards, and from regulators; their lifecycle open → rectified → closed (or
 * open again), every transition stored with who and when and published on {@code sitewatch.hazards}.
 */
package io.sitewatch.supervision.hazard;
