package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.Timers;

import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves when each device of a shard was last heard of, so that after a restart a device's
 * offline deadline runs from its last message rather than from the restart. It saves every 10 s
 * on the shard's writer thread, and only the devices heard from since the last save: marking a
 * device costs a flag check per message and a list add per save period.
 */
final class LastSeenSaver {

    static final long EVERY_MS = 10_000;

    private final AlarmStore store;
    private final Timers timers;
    /** Devices heard from since their last-seen time was last saved. */
    private List<DeviceState> unsaved = new ArrayList<>();
    private WorkerExecutor worker;
    private long timer = -1;
    private boolean stopped;

    LastSeenSaver(AlarmStore store, Timers timers) {
        this.store = store;
        this.timers = timers;
    }

    /** The device's {@link DeviceState#lastSeen} moved: save it with the next round. */
    void changed(DeviceState d) {
        if (!d.seenUnsaved) {
            d.seenUnsaved = true;
            unsaved.add(d);
        }
    }

    /** Saves from now on, every {@link #EVERY_MS}, on {@code worker} (the shard's writer thread). */
    void start(WorkerExecutor worker) {
        this.worker = worker;
        timer = timers.setTimer(EVERY_MS, this::save);
    }

    private void save() {
        if (stopped) {
            return;
        }
        if (unsaved.isEmpty()) {
            timer = timers.setTimer(EVERY_MS, this::save);
            return;
        }
        List<DeviceState> taken = unsaved;
        Map<String, Long> batch = take();
        worker.executeBlocking(() -> {
            store.saveLastSeen(batch);
            return null;
        }, true).onComplete(ar -> {
            if (ar.failed()) {
                // Saved next round, with a newer time if one came meanwhile.
                for (DeviceState d : taken) {
                    changed(d);
                }
            }
            timer = timers.setTimer(EVERY_MS, this::save);
        });
    }

    /** The last-seen times to save, by device id; the devices are clean afterwards. */
    private Map<String, Long> take() {
        Map<String, Long> batch = new HashMap<>(unsaved.size() * 2);
        for (DeviceState d : unsaved) {
            batch.put(d.device().deviceId(), d.lastSeen);
            d.seenUnsaved = false;
        }
        // Sized for the next round as this one was, so steady traffic does not regrow it.
        unsaved = new ArrayList<>(Math.max(10, unsaved.size()));
        return batch;
    }

    /** Stops saving; returns what is still unsaved, for the shard's last write. */
    Map<String, Long> stop() {
        stopped = true;
        timers.cancel(timer);
        return take();
    }
}
