/**
 * Digital early warning (数字化预警): the risk model as versioned data ({@link
 * io.sitewatch.supervision.risk.RiskModel}), its pure evaluation ({@link
 * io.sitewatch.supervision.risk.RiskEvaluator}), the inputs gathered through the other modules'
 * ports ({@link io.sitewatch.supervision.risk.RiskData}) and the ranking's HTTP routes.
 */
package io.sitewatch.supervision.risk;
