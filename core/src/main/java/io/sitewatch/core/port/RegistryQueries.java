package io.sitewatch.core.port;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry read from the database at the moment of the call. Owned and implemented by the
 * registry module ({@code JdbcRegistryQueries}). Unlike the in-memory
 * {@link io.sitewatch.core.registry.RegistryLookup}, which follows changes by notice, this one sees
 * every committed change at once and needs no running registry: for readers off the message path
 * that must be exact, such as a rating computed by the service or by the command line. Blocking:
 * call from a worker thread. A failed read throws {@link IllegalStateException}.
 */
public interface RegistryQueries {

    /** The site as stored, if registered. */
    Optional<Site> site(String siteId);

    /** The site's devices, by device id. */
    List<Device> devicesOfSite(String siteId);

    /** The registered certificates among these numbers, by certificate number. */
    Map<String, OperatorCert> operators(Collection<String> certNos);
}
