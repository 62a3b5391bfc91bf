package io.sitewatch.simulator.run;

/**
 * Holds an upload back while the receiving service is behind: called before each message an
 * upload publishes, it returns when there is room (the broker acknowledges a QoS 1 message when it
 * has queued it, not when the service has taken it).
 */
@FunctionalInterface
public interface Throttle {
    Throttle NONE = () -> { };

    void beforePublish();
}
