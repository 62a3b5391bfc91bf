package io.sitewatch.bench;

/** A subscriber that only counts what the broker relays to it (QoS 1, acknowledged on arrival). */
interface RelaySubscriber extends AutoCloseable {

    /** Topic filter of all device messages, as the service subscribes to it. */
    String FILTER = "sitewatch/v1/+/+/+";

    String name();

    void connect(int port) throws Exception;

    long received();

    long firstReceiveMs();

    long lastReceiveMs();

    @Override
    void close();
}
