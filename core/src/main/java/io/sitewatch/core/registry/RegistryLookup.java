package io.sitewatch.core.registry;

import java.util.Collection;

/**
 * The registry as the other modules read it: sites, devices and operator certificates, answered from
 * memory. Owned and implemented by the registry module ({@code RegistryCache}); readers depend on
 * this port only, never on the registry's tables.
 */
public interface RegistryLookup extends DeviceLookup {

    /** The registered site, or null. */
    Site site(String siteId);

    /** The operator certificate, or null. */
    OperatorCert operator(String certNo);

    /**
     * Changes after every put or removal of a site or device (not on operator changes): a reader
     * that takes it before its lookups and finds it unchanged later holds current entries.
     */
    long generation();

    Collection<Site> sites();

    Collection<Device> devices();
}
