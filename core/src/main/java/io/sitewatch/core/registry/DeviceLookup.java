package io.sitewatch.core.registry;

/** Non-blocking device lookup used on the message path. */
@FunctionalInterface
public interface DeviceLookup {

    /** The registered device, or null. */
    Device device(String deviceId);
}
