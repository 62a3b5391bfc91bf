package io.sitewatch.platform.http;

import io.vertx.ext.web.Router;

/** A set of related routes (registry, telemetry, alarms, ...) mounted on the API router. */
@FunctionalInterface
public interface RouteGroup {

    void mount(Router router);
}
