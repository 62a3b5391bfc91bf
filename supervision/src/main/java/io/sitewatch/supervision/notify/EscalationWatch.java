package io.sitewatch.supervision.notify;

import io.sitewatch.platform.time.Timers;

import io.sitewatch.core.port.AlarmQueries;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the next on-call person of an alarm nobody acknowledged. Each tick (a re-armed timer on
 * the injected clock) takes the escalations due from the database, asks the alarms' port whether
 * each alarm is still open and unacknowledged, and if so queues the message to the next person
 * and sets the next step {@code escalateAfterMinutes} later; an acknowledged or cleared alarm, or
 * the end of the list, ends its escalation. The state is all in the database: a restart resumes
 * where the last instance stopped, and several instances do not tell anyone twice (rows are
 * locked while taken).
 */
final class EscalationWatch {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationWatch.class);
    private static final int BATCH = 100;

    private final DataSource ds;
    private final NotificationPlan plan;
    private final AlarmQueries alarms;
    private final NotifyMetrics metrics;
    private final InstantSource clock;
    private final Timers timers;
    private final Consumer<Runnable> blocking;
    private final long tickMs;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    /** {@code blocking} runs the database work off the timer's thread (a worker in the service). */
    EscalationWatch(DataSource ds, NotificationPlan plan, AlarmQueries alarms, NotifyMetrics metrics, InstantSource clock,
                    Timers timers, Consumer<Runnable> blocking, long tickMs) {
        this.ds = ds;
        this.plan = plan;
        this.alarms = alarms;
        this.metrics = metrics;
        this.clock = clock;
        this.timers = timers;
        this.blocking = blocking;
        this.tickMs = tickMs;
    }

    void start() {
        tick();
    }

    void stop() {
        stopped = true;
        timers.cancel(timer);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        // A slow database makes ticks skip, never pile up.
        if (running.compareAndSet(false, true)) {
            blocking.accept(() -> {
                try {
                    runDue(clock.millis());
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("escalation check failed, trying again at the next tick: {}", e.toString());
                } finally {
                    running.set(false);
                }
            });
        }
        timer = timers.setTimer(tickMs, this::tick);
    }

    /** Takes the escalations due by {@code now} (blocking); returns how many people were told. */
    int runDue(long now) throws SQLException {
        int told = 0;
        long every = plan.config().escalateAfterMinutes() * 60_000L;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Escalations.Due d : Escalations.due(c, now, BATCH)) {
                    if (!"active".equals(alarms.stateOf(d.alarmId()))) {
                        // Acknowledged or cleared (perhaps while no instance was running): nobody more to tell.
                        Escalations.end(c, d.alarmId());
                        continue;
                    }
                    int next = d.step() + 1;
                    int listed = plan.onCallOf(d.region()).size();
                    if (next >= listed) {
                        Escalations.end(c, d.alarmId());
                        continue;
                    }
                    List<Message> messages = plan.escalation(new JsonObject(d.alarm()), next, (now - d.openedAt()) / 60_000L);
                    int added = Outbox.insert(c, messages, now);
                    metrics.queued(Message.ALARM_ESCALATION, added);
                    metrics.escalated();
                    told++;
                    if (next + 1 < listed) {
                        // The next person after as long again from now (each has the same time to act).
                        Escalations.advance(c, d.alarmId(), next, now + every);
                    } else {
                        Escalations.end(c, d.alarmId());
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return told;
    }
}
