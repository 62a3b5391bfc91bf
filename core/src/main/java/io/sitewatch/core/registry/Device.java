package io.sitewatch.core.registry;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A registered device. {@code periodS} is its expected report period; {@code params} carries
 * per-device values that rules use (rated values, the designer's pit alarm values, ...);
 * {@code service} says when and how it serves its site (in JSON its fields sit beside the others,
 * as HTTP API 1.1 has them), with the kind's default schedule when none is given.
 */
public record Device(String deviceId, String siteId, String kind, String name, int periodS, JsonNode params,
                     @JsonUnwrapped DeviceService service) {

    public Device {
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
        service = (service == null ? DeviceService.NONE : service).withScheduleOf(kind);
    }

    /** A device with nothing known of its service but its kind's schedule (the form before HTTP API 1.1). */
    public Device(String deviceId, String siteId, String kind, String name, int periodS, JsonNode params) {
        this(deviceId, siteId, kind, name, periodS, params, null);
    }
}
