/**
 * Notifications: who is told when an alarm or a major hazard opens, when an alarm stays
 * unacknowledged (escalating through its region's on-call list) and when a hazard falls overdue.
 * Triggers ({@link io.sitewatch.supervision.notify.NotificationIntake}) only plan messages and
 * insert them into the outbox table; the {@link io.sitewatch.supervision.notify.Dispatcher}, a
 * worker verticle of its own, sends them at least once with retries and back-off, so a dead channel
 * never slows the message path.
 */
package io.sitewatch.supervision.notify;
