package io.sitewatch.simulator.model;

import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.FreeForm;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A safety inspection recorder (安全检查记录仪) carried by the site's key people. On each working
 * day of the site (site time zone):
 * <ul>
 *   <li>each officer in {@code sim.officers} ({@code {id, role, presence}}; without the list, the
 *       site's key personnel) who is on site that day clocks in between 20 minutes before and 10
 *       minutes after the start of the working hours, at a point a few tens of metres from the site
 *       office, inside the site's fence. {@code presence} is the share of working days the person
 *       is there (default 1), spread evenly over the days;</li>
 *   <li>the first safety officer present uploads, 2–6 minutes after clocking in, the safety log of
 *       the previous working day, on {@code sim.safetyLogs} of the days (default 1);</li>
 *   <li>a hazard is reported during the morning patrol (09:15–10:15) on {@code sim.hazards.perDay}
 *       of the working days somebody is there (default 1), {@code hazard_id} =
 *       {@code deviceId-YYYYMMDD-1}, and rectified during an afternoon patrol (14:10–15:10) 0 to
 *       {@code sim.hazards.rectifyDays} working days later (default 0: the same day).</li>
 * </ul>
 * Patrols 09:00–10:30 and 14:00–15:30 walk a track around the site; otherwise the recorder sits in
 * the site office and reports its battery, draining ~6 %/h from when it left the charger. What
 * happens on a day is a function of the seed and the date alone, so a history and a live run
 * agree on every day they share (a hazard reported in the history is rectified live).
 */
public final class RecorderModel implements DeviceModel {
    private static final String[] CATEGORIES = {"临边防护", "临时用电", "脚手架", "消防", "起重吊装", "基坑支护"};
    private static final String[] TEXTS = {
            "三层东侧临边防护栏杆缺失", "配电箱门未关闭且无漏电保护标识", "外架连墙件间距过大",
            "木工棚灭火器过期", "吊索具磨损未及时更换", "基坑北侧堆载距坑边不足1米"};
    /** The wire protocol's clock-in roles for the registry's key-personnel roles. */
    private static final Map<String, String> CLOCK_IN_ROLES = Map.of(
            "safety_officer", "safety_officer", "project_manager", "project_manager", "chief_supervisor", "supervisor");
    /** How far back a day looks for hazards it rectifies. */
    private static final int RECTIFY_LOOK_BACK_DAYS = 45;
    /** Clock-ins land within this distance of the site office, in degrees of latitude (~40 m). */
    private static final double CLOCK_IN_SPREAD_DEG = 0.00036;

    private record Scheduled(long ts, String type, EventData data) {
    }

    private record Officer(String id, String role, double presence) {
    }

    private final DeviceSpec spec;
    private final SiteContext site;
    private final List<Officer> officers;
    private final double homeLat;
    private final double homeLon;
    private final double logShare;
    private final double hazardShare;
    private final int rectifyDays;
    private final List<Scheduled> pending = new ArrayList<>();
    private LocalDate plannedDay;
    private long firstTs = Long.MIN_VALUE;
    private double lat;
    private double lon;

    public RecorderModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        List<Officer> list = new ArrayList<>();
        for (FreeForm o : spec.sim().list("officers")) {
            list.add(new Officer(o.text("id", "SO-1"), o.text("role", "safety_officer"), o.number("presence", 1)));
        }
        if (list.isEmpty()) {
            for (KeyPerson p : site.site().personnel()) {
                String role = CLOCK_IN_ROLES.get(p.role());
                if (role != null) {
                    list.add(new Officer(p.personId(), role, 1));
                }
            }
        }
        this.officers = list.isEmpty() ? List.of(new Officer(spec.deviceId() + "-SO1", "safety_officer", 1)) : list;
        this.homeLat = site.site().lat();
        this.homeLon = site.site().lon();
        this.logShare = spec.sim().number("safetyLogs", 1);
        this.hazardShare = spec.sim().number("hazards.perDay", 1);
        this.rectifyDays = Math.max(0, (int) spec.sim().number("hazards.rectifyDays", 0));
        this.lat = homeLat;
        this.lon = homeLon;
    }

    @Override
    public void sample(long ts, Emitter out) {
        if (firstTs == Long.MIN_VALUE) {
            firstTs = ts;
        }
        LocalDate day = site.schedule().day(ts);
        if (!day.equals(plannedDay)) {
            plan(day);
            plannedDay = day;
        }
        pending.removeIf(s -> {
            if (s.ts() <= ts) {
                out.event(s.ts(), s.type(), s.data());
                return true;
            }
            return false;
        });
        SplittableRandom step = Seeds.random(site.seed(), spec.deviceId() + "/" + ts);
        if (patrolling(ts)) {
            lat = clamp(lat + (step.nextDouble() - 0.5) * 0.0002, homeLat, 0.0012);
            lon = clamp(lon + (step.nextDouble() - 0.5) * 0.0002, homeLon, 0.0012);
        } else {
            lat = homeLat;
            lon = homeLon;
        }
        out.telemetry(ts, new Readings()
                .put("lat", lat, 6)
                .put("lon", lon, 6)
                .put("battery_pct", battery(ts), 0));
    }

    private void plan(LocalDate day) {
        pending.clear();
        WorkSchedule schedule = site.schedule();
        if (!schedule.workingDay(day)) {
            return;
        }
        SplittableRandom rnd = Seeds.random(site.seed(), spec.deviceId() + "/" + day);
        int start = schedule.hours().fromMinute();
        Officer uploader = null;
        long uploaderIn = 0;
        Officer first = null;
        for (Officer o : officers) {
            long t = schedule.atMinute(day, start - 20) + rnd.nextLong(0, 30 * 60_000);
            if (!present(o, day)) {
                continue;
            }
            SplittableRandom where = Seeds.random(site.seed(), spec.deviceId() + "/clock-in/" + o.id() + "/" + day);
            double cosLat = Math.cos(Math.toRadians(homeLat));
            pending.add(new Scheduled(t, "clock_in", new EventData()
                    .text("officer_id", o.id()).text("role", o.role())
                    .decimal("lat", homeLat + (where.nextDouble() - 0.5) * CLOCK_IN_SPREAD_DEG, 6)
                    .decimal("lon", homeLon + (where.nextDouble() - 0.5) * CLOCK_IN_SPREAD_DEG / cosLat, 6)));
            if (first == null) {
                first = o;
            }
            if (uploader == null && o.role().equals("safety_officer")) {
                uploader = o;
                uploaderIn = t;
            }
        }
        if (uploader == null && first != null) {
            uploader = first;
            uploaderIn = pending.get(0).ts();
        }
        if (uploader != null && share(logShare, day, "safety-log")) {
            LocalDate covered = schedule.previousWorkingDay(day);
            pending.add(new Scheduled(uploaderIn + rnd.nextLong(2 * 60_000, 6 * 60_000), "safety_log", new EventData()
                    .text("officer_id", uploader.id()).text("log_date", covered.toString())
                    .text("sha256", sha256(site.site().siteId() + "|" + uploader.id() + "|安全日志|" + covered))));
        }
        String reporter = uploader == null ? officers.get(0).id() : uploader.id();
        if (first != null && hazardOn(day)) {
            SplittableRandom h = hazardRandom(day);
            int pick = h.nextInt(CATEGORIES.length);
            String hazardId = hazardId(day);
            long reported = schedule.at(day, LocalTime.of(9, 15)) + h.nextLong(0, 60 * 60_000);
            pending.add(new Scheduled(reported, "hazard_report", new EventData()
                    .text("hazard_id", hazardId).text("officer_id", reporter).text("category", CATEGORIES[pick])
                    .text("level", h.nextInt(10) == 0 ? "major" : "general").text("text", TEXTS[pick])
                    .text("photo_sha256", sha256(hazardId + "/photo"))));
        }
        for (int back = 0; back <= RECTIFY_LOOK_BACK_DAYS; back++) {
            LocalDate reportedOn = day.minusDays(back);
            if (!hazardOn(reportedOn) || !day.equals(rectifiedOn(reportedOn))) {
                continue;
            }
            SplittableRandom h = hazardRandom(reportedOn);
            int pick = h.nextInt(CATEGORIES.length);
            String hazardId = hazardId(reportedOn);
            long fixed = schedule.at(day, LocalTime.of(14, 10)) + Seeds.random(site.seed(), hazardId + "/rectified")
                    .nextLong(0, 60 * 60_000);
            pending.add(new Scheduled(fixed, "hazard_rectified", new EventData()
                    .text("hazard_id", hazardId).text("officer_id", reporter).text("text", "已整改：" + TEXTS[pick])
                    .text("photo_sha256", sha256(hazardId + "/rectified"))));
        }
        pending.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        // A run that starts in the middle of a day (the live demo after its history) does not say
        // again what happened before it started.
        pending.removeIf(s -> s.ts() < firstTs);
    }

    /** Whether a hazard is reported on {@code day}: a working day somebody is on site, on the share of days. */
    private boolean hazardOn(LocalDate day) {
        if (!site.schedule().workingDay(day) || !share(hazardShare, day, "hazard")) {
            return false;
        }
        for (Officer o : officers) {
            if (present(o, day)) {
                return true;
            }
        }
        return false;
    }

    /** The working day the hazard of {@code reportedOn} is rectified: 0 to rectifyDays working days later. */
    private LocalDate rectifiedOn(LocalDate reportedOn) {
        int later = Seeds.random(site.seed(), hazardId(reportedOn) + "/delay").nextInt(rectifyDays + 1);
        LocalDate d = reportedOn;
        for (int i = 0; i < later; i++) {
            d = d.plusDays(1);
            while (!site.schedule().workingDay(d)) {
                d = d.plusDays(1);
            }
        }
        return d;
    }

    private SplittableRandom hazardRandom(LocalDate day) {
        return Seeds.random(site.seed(), spec.deviceId() + "/hazard/" + day);
    }

    private String hazardId(LocalDate day) {
        return spec.deviceId() + "-" + day.toString().replace("-", "") + "-1";
    }

    private boolean present(Officer o, LocalDate day) {
        return share(o.presence(), day, "presence/" + o.id());
    }

    /**
     * Whether {@code day} is one of the {@code share} of days: evenly spread (a share of 0.6 is 3
     * days in every 5), starting at a phase the seed gives each stream.
     */
    private boolean share(double share, LocalDate day, String stream) {
        if (share >= 1) {
            return true;
        }
        if (share <= 0) {
            return false;
        }
        double phase = Seeds.random(site.seed(), spec.deviceId() + "/" + stream).nextDouble();
        long n = day.toEpochDay();
        return Math.floor((n + 1) * share + phase) - Math.floor(n * share + phase) >= 1;
    }

    private boolean patrolling(long ts) {
        double h = site.schedule().hourOfDay(ts);
        return (h >= 9 && h < 10.5) || (h >= 14 && h < 15.5);
    }

    /** Charged overnight; drains ~6 %/h from half an hour before the working hours. */
    private double battery(long ts) {
        double h = site.schedule().hourOfDay(ts);
        double off = site.schedule().hours().fromMinute() / 60.0 - PowerPlan.RECORDER_LEAD_MIN / 60.0;
        return h < off ? 100 : Math.max(5, 100 - 6 * (h - off));
    }

    private static double clamp(double v, double centre, double radius) {
        return Math.max(centre - radius, Math.min(centre + radius, v));
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
