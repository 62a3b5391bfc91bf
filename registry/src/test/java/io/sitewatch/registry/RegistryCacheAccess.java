package io.sitewatch.registry;

import io.sitewatch.core.registry.Device;

/** Puts entries into a {@link RegistryCache} the way the registry service does, for tests in other packages. */
public final class RegistryCacheAccess {

    private RegistryCacheAccess() {
    }

    public static void put(RegistryCache cache, Device device) {
        cache.put(device);
    }
}
