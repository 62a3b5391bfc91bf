package io.sitewatch.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Topic;

/** What the decoder made of a raw MQTT message. */
public sealed interface DecodeResult {

    /** Topic and payload are well-formed; the JSON still has to be validated. */
    record Decoded(Topic topic, JsonNode payload) implements DecodeResult {
    }

    /** The message cannot be read at all. */
    record Malformed(RejectReason reason, String detail) implements DecodeResult {
    }
}
