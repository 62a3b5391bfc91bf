package io.sitewatch.service;

import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the consoles (the dashboards jar's classpath folder {@code webroot/}) at {@code /}:
 * {@code /} redirects to the regulator console, {@code /console/} and {@code /rating/} are the two
 * consoles. Static assets are public; everything they show comes from {@code /api/*} with the
 * user's bearer token.
 */
final class ConsoleRoutes implements RouteGroup {

    @Override
    public void mount(Router router) {
        // Exact "/" only; Vert.x matches "/console" and "/console/" alike, so the static handler
        // (index page, directory redirect) takes care of those.
        router.get("/").handler(ctx -> ctx.redirect("/console/"));
        // Mounted after the API: a request the API did not answer falls through to the assets,
        // and one no asset answers to the JSON 404 of the API server.
        router.route("/*").handler(StaticHandler.create("webroot")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(300)
                .setDirectoryListing(false)
                .setIndexPage("index.html"));
    }
}
