/**
 * Supervision: what regulators do with the site data. The hazard ledger (重大事故隐患台账, cleared
 * "dynamically", 动态清零), notifications of alarms and hazards, and the digital early warning. It
 * reads other modules' data through their ports only.
 */
package io.sitewatch.supervision;
