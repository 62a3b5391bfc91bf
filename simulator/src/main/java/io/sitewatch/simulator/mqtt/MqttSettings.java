package io.sitewatch.simulator.mqtt;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the broker. {@code url} is {@code tcp://host:port} or {@code ssl://host:port} (TLS,
 * with {@code tls}); {@code version} is 5 or 3 (3.1.1); {@code password} may be null and is the
 * password of any client not in {@code credentials} (client id = username → its own password, as
 * {@code sitewatch broker-credentials} issues them); {@code window} caps publishes in flight per
 * connection (it is also kept below the broker's receive maximum, otherwise Paho throws "Too many
 * publishes in progress (32202)").
 */
public record MqttSettings(String url, int version, String password, int window, Tls tls, Map<String, String> credentials) {
    public static final String DEFAULT_URL = "tcp://127.0.0.1:1883";

    /**
     * TLS for an {@code ssl://} url: {@code caFile} holds the PEM certificates of the CAs to trust
     * (null: the JVM's), {@code certFile} and {@code keyFile} a client certificate and its PKCS#8
     * private key (PEM), both or neither.
     */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
        public static final Tls NONE = new Tls(null, null, null);

        public Tls {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together (a client certificate and its key)");
            }
        }
    }

    public MqttSettings {
        if (version != 5 && version != 3) {
            throw new IllegalArgumentException("--mqtt-version must be 5 or 3, got " + version);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        tls = tls == null ? Tls.NONE : tls;
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        // The accessor would read the field, not yet set in a compact constructor.
        boolean secure = url != null && url.startsWith("ssl://");
        if (!secure && (tls.caFile() != null || tls.certFile() != null)) {
            throw new IllegalArgumentException("TLS files are given but the broker URL is " + url + ": use ssl://host:8883");
        }
    }

    public MqttSettings(String url, int version, String password, int window) {
        this(url, version, password, window, null, null);
    }

    public static MqttSettings of(String url, int version) {
        return new MqttSettings(url, version, null, 1000);
    }

    /** Whether the broker is reached over TLS. */
    public boolean secure() {
        return url != null && url.startsWith("ssl://");
    }

    /** The password of the client that connects as {@code username}: its own, else the common one (or none). */
    public String passwordOf(String username) {
        return credentials.getOrDefault(username, password);
    }
}
