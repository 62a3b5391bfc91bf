package io.sitewatch.core.config;

import java.util.List;

/**
 * The service configuration, read once at start (see {@link ConfigLoader}); immutable afterwards.
 */
public record SiteWatchConfig(Http http, Mqtt mqtt, Database database, Ingest ingest, Auth auth, String fleetFile,
                              Alarms alarms, Notifications notifications) {

    public SiteWatchConfig {
        notifications = notifications == null ? Notifications.none() : notifications;
    }

    /**
     * Alarm engine: the rules file (null = the bundled defaults; a file is watched and reloaded on
     * change), evaluation shards, how late a sample may be and still be evaluated, and the grace at
     * each end of a site's working span in which a working-hours device is not expected to report.
     */
    public record Alarms(String rulesFile, int shards, long latenessMs, int rulesCheckIntervalS, int offlineGraceMinutes) {
    }

    /** The same configuration with these bearer tokens. */
    public SiteWatchConfig withTokens(List<TokenGrant> tokens) {
        return new SiteWatchConfig(http, mqtt, database, ingest, new Auth(tokens, auth.sessionHours()), fleetFile, alarms,
                notifications).validate();
    }

    /**
     * The HTTP listener: {@code tls} turns it into HTTPS (PEM files); {@code cors} lets browser pages
     * of other origins call the API (none by default).
     */
    public record Http(String host, int port, HttpTls tls, Cors cors) {
        public Http {
            tls = tls == null ? new HttpTls(null, null) : tls;
            cors = cors == null ? new Cors(null) : cors;
        }

        public Http(String host, int port) {
            this(host, port, null, null);
        }

        /** {@code https} when TLS is configured, else {@code http}. */
        public String scheme() {
            return tls.enabled() ? "https" : "http";
        }
    }

    /**
     * HTTPS for the API and consoles: {@code certFile} a PEM certificate (chain, the server's first),
     * {@code keyFile} its PEM private key (PKCS#8 or PKCS#1). Both or neither.
     */
    public record HttpTls(String certFile, String keyFile) {
        public boolean enabled() {
            return certFile != null && !certFile.isBlank();
        }
    }

    /**
     * Origins ({@code https://host[:port]}) whose pages may call the API from a browser; none by
     * default, so other sites' scripts cannot read answers even with a user's token.
     */
    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /**
     * The broker connection. {@code url} is {@code tcp://host:port} (plain, port 1883 when left out)
     * or {@code ssl://host:port} (TLS, port 8883 when left out), with {@link Tls} saying whom to
     * trust and, for a broker that asks for one, which client certificate to show.
     */
    public record Mqtt(String url, String clientId, String username, String password, String sharedGroup,
                       int maxPacketBytes, Tls tls) {

        public Mqtt {
            tls = tls == null ? Tls.NONE : tls;
        }

        /** Host of {@code tcp://host:port}. */
        public String host() {
            return java.net.URI.create(url).getHost();
        }

        public int port() {
            int p = java.net.URI.create(url).getPort();
            return p < 0 ? (secure() ? 8883 : 1883) : p;
        }

        /** Whether the connection runs over TLS ({@code ssl://}). */
        public boolean secure() {
            return url != null && url.startsWith("ssl://");
        }
    }

    /**
     * TLS to the broker, used with an {@code ssl://} url. {@code caFile}: PEM certificates of the CAs
     * that may sign the broker's certificate (null: the JVM's trusted CAs). {@code certFile} and
     * {@code keyFile}: a client certificate and its private key (PEM), both or neither.
     * {@code verifyHostname}: the broker's certificate must name the host of the url.
     */
    public record Tls(String caFile, String certFile, String keyFile, Boolean verifyHostname) {
        public static final Tls NONE = new Tls(null, null, null, true);

        public Tls {
            verifyHostname = verifyHostname == null || verifyHostname;
        }

        boolean anyFile() {
            return caFile != null || certFile != null || keyFile != null;
        }
    }

    public record Database(String jdbcUrl, String user, String password, String timescale, int retentionDays,
                           int partitionsAheadDays, int poolSize, int maintenanceIntervalS, int rollupIntervalS,
                           int deadLetterRetentionDays) {
    }

    public record Ingest(int batchMaxMessages, int batchMaxDelayMs, int maxPendingMessages, int resumePendingMessages) {
    }

    /**
     * @param tokens       bearer tokens for machines and the demo (they do not expire)
     * @param sessionHours how long a login (username and password) stays valid
     */
    public record Auth(List<TokenGrant> tokens, Integer sessionHours) {
        public Auth {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
            sessionHours = sessionHours == null ? 12 : sessionHours;
        }

        public Auth(List<TokenGrant> tokens) {
            this(tokens, null);
        }
    }

    /**
     * A bearer token and what it may do; {@code regions} scopes a regulator (行政区划 codes),
     * {@code sites} a site's own staff (role {@code site}).
     */
    public record TokenGrant(String token, String name, String role, List<String> regions, List<String> sites) {
        public TokenGrant {
            regions = regions == null ? List.of() : List.copyOf(regions);
            sites = sites == null ? List.of() : List.copyOf(sites);
        }

        public TokenGrant(String token, String name, String role, List<String> regions) {
            this(token, name, role, regions, null);
        }
    }

    /** Checks what cannot be right whatever the environment; throws with a message naming the key. */
    public SiteWatchConfig validate() {
        require(http.port() >= 0 && http.port() <= 65535, "http.port must be 0..65535");
        boolean cert = http.tls().certFile() != null && !http.tls().certFile().isBlank();
        boolean key = http.tls().keyFile() != null && !http.tls().keyFile().isBlank();
        require(cert == key, "http.tls: certFile and keyFile go together (both PEM files), or neither");
        readable(http.tls().certFile(), "http.tls.certFile");
        readable(http.tls().keyFile(), "http.tls.keyFile");
        for (String origin : http.cors().allowedOrigins()) {
            require(origin != null && origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"),
                    "http.cors.allowedOrigins: each is scheme://host[:port] with no path, got " + origin);
        }
        require(mqtt.url() != null && (mqtt.url().startsWith("tcp://") || mqtt.secure()),
                "mqtt.url must look like tcp://host:port (or ssl://host:port for TLS)");
        require(!mqtt.tls().anyFile() || mqtt.secure(),
                "mqtt.tls files are set but mqtt.url is " + mqtt.url() + ": use ssl://host:8883 for TLS");
        require((mqtt.tls().certFile() == null) == (mqtt.tls().keyFile() == null),
                "mqtt.tls.certFile and mqtt.tls.keyFile go together (a client certificate and its key)");
        readable(mqtt.tls().caFile(), "mqtt.tls.caFile");
        readable(mqtt.tls().certFile(), "mqtt.tls.certFile");
        readable(mqtt.tls().keyFile(), "mqtt.tls.keyFile");
        require(mqtt.clientId() != null && !mqtt.clientId().isBlank(), "mqtt.clientId is required");
        require(database.jdbcUrl() != null && database.jdbcUrl().startsWith("jdbc:postgresql:"),
                "database.jdbcUrl must be a jdbc:postgresql: URL");
        require(List.of("auto", "on", "off").contains(database.timescale()), "database.timescale must be auto, on or off");
        require(database.retentionDays() > 0, "database.retentionDays must be positive");
        require(ingest.batchMaxMessages() > 0, "ingest.batchMaxMessages must be positive");
        require(ingest.batchMaxDelayMs() > 0, "ingest.batchMaxDelayMs must be positive");
        require(ingest.resumePendingMessages() < ingest.maxPendingMessages(),
                "ingest.resumePendingMessages must be below ingest.maxPendingMessages");
        require(alarms.shards() >= 1 && alarms.shards() <= 64, "alarms.shards must be 1..64");
        require(alarms.latenessMs() >= 0, "alarms.latenessMs must not be negative");
        require(alarms.offlineGraceMinutes() >= 0, "alarms.offlineGraceMinutes must not be negative");
        for (TokenGrant t : auth.tokens()) {
            require(t.token() != null && t.token().length() >= 16, "auth.tokens: each token needs at least 16 characters");
            require(List.of("admin", "regulator", "rater", "device-admin", "site").contains(t.role()),
                    "auth.tokens: role must be admin, regulator, rater, device-admin or site, got " + t.role());
            require(!"regulator".equals(t.role()) || !t.regions().isEmpty(),
                    "auth.tokens: a regulator token needs at least one region");
            require(!"site".equals(t.role()) || !t.sites().isEmpty(), "auth.tokens: a site token needs at least one site");
        }
        require(auth.sessionHours() >= 1 && auth.sessionHours() <= 24 * 30, "auth.sessionHours must be 1..720");
        notifications.validate();
        return this;
    }

    private static void readable(String file, String key) {
        require(file == null || java.nio.file.Files.isReadable(java.nio.file.Path.of(file)), key + ": no readable file " + file);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("configuration: " + message);
        }
    }
}
