package io.sitewatch.ingest.pipeline;

/** Stops and restarts reading from the source of messages: the brake that reaches the devices. */
public interface ReadGate {

    void pause();

    void resume();

    ReadGate NONE = new ReadGate() {
        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }
    };
}
