package io.sitewatch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A registered device. {@code periodS} is its expected report period; {@code params} carries
 * per-device values that rules use (rated values, the designer's pit alarm values, ...).
 */
public record Device(String deviceId, String siteId, String kind, String name, int periodS, JsonNode params) {

    public Device {
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    }
}
