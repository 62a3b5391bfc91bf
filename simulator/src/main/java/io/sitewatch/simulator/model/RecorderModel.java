package io.sitewatch.simulator.model;

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
import java.util.SplittableRandom;

/**
 * A safety inspection recorder (安全检查记录仪) carried by the site's safety officers. Every day
 * (site time zone): each officer in {@code sim.officers} clocks in between 07:45 and 08:15; the
 * first officer uploads the previous day's safety log at 08:30; patrols 09:00–10:30 and 14:00–15:30
 * walk a track around the site ({@code sim.lat}/{@code sim.lon} of the site); one hazard is
 * reported during the morning patrol and rectified during the afternoon one.
 * Outside patrols the recorder sits in the site office and reports its battery.
 *
 * <p>{@code hazard_report} data also carries {@code hazard_id}, the id its {@code hazard_rectified}
 * refers to: {@code deviceId-YYYYMMDD-1}.
 */
public final class RecorderModel implements DeviceModel {
    private static final String[] CATEGORIES = {"临边防护", "临时用电", "脚手架", "消防", "起重吊装", "基坑支护"};
    private static final String[] TEXTS = {
            "三层东侧临边防护栏杆缺失", "配电箱门未关闭且无漏电保护标识", "外架连墙件间距过大",
            "木工棚灭火器过期", "吊索具磨损未及时更换", "基坑北侧堆载距坑边不足1米"};

    private record Scheduled(long ts, String type, EventData data) {
    }

    private record Officer(String id, String role) {
    }

    private final DeviceSpec spec;
    private final SiteContext site;
    private final List<Officer> officers;
    private final double homeLat;
    private final double homeLon;
    private final List<Scheduled> pending = new ArrayList<>();
    private LocalDate plannedDay;
    private double lat;
    private double lon;

    public RecorderModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        List<Officer> list = new ArrayList<>();
        for (FreeForm o : spec.sim().list("officers")) {
            list.add(new Officer(o.text("id", "SO-1"), o.text("role", "safety_officer")));
        }
        this.officers = list.isEmpty() ? List.of(new Officer(spec.deviceId() + "-SO1", "safety_officer")) : list;
        this.homeLat = site.site().sim().number("lat", 26.08);
        this.homeLon = site.site().sim().number("lon", 119.30);
        this.lat = homeLat;
        this.lon = homeLon;
    }

    @Override
    public void sample(long ts, Emitter out) {
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
        SplittableRandom rnd = Seeds.random(site.seed(), spec.deviceId() + "/" + day);
        for (Officer o : officers) {
            long t = site.schedule().at(day, LocalTime.of(7, 45)) + rnd.nextLong(0, 30 * 60_000);
            pending.add(new Scheduled(t, "clock_in", new EventData()
                    .text("officer_id", o.id()).text("role", o.role())
                    .decimal("lat", homeLat, 6).decimal("lon", homeLon, 6)));
        }
        String officer = officers.get(0).id();
        LocalDate yesterday = day.minusDays(1);
        pending.add(new Scheduled(site.schedule().at(day, LocalTime.of(8, 30)), "safety_log", new EventData()
                .text("officer_id", officer).text("log_date", yesterday.toString())
                .text("sha256", sha256(site.site().siteId() + "|" + officer + "|安全日志|" + yesterday))));
        int pick = rnd.nextInt(CATEGORIES.length);
        String hazardId = spec.deviceId() + "-" + day.toString().replace("-", "") + "-1";
        long reported = site.schedule().at(day, LocalTime.of(9, 15)) + rnd.nextLong(0, 60 * 60_000);
        long fixed = site.schedule().at(day, LocalTime.of(14, 10)) + rnd.nextLong(0, 60 * 60_000);
        pending.add(new Scheduled(reported, "hazard_report", new EventData()
                .text("hazard_id", hazardId).text("officer_id", officer).text("category", CATEGORIES[pick])
                .text("level", rnd.nextInt(10) == 0 ? "major" : "general").text("text", TEXTS[pick])
                .text("photo_sha256", sha256(hazardId + "/photo"))));
        pending.add(new Scheduled(fixed, "hazard_rectified", new EventData()
                .text("hazard_id", hazardId).text("officer_id", officer).text("text", "已整改：" + TEXTS[pick])
                .text("photo_sha256", sha256(hazardId + "/rectified"))));
        pending.sort((a, b) -> Long.compare(a.ts(), b.ts()));
    }

    private boolean patrolling(long ts) {
        double h = site.schedule().hourOfDay(ts);
        return (h >= 9 && h < 10.5) || (h >= 14 && h < 15.5);
    }

    /** Charged overnight in the office; drains ~6 %/h from 07:00. */
    private double battery(long ts) {
        double h = site.schedule().hourOfDay(ts);
        return h < 7 ? 100 : Math.max(5, 100 - 6 * (h - 7));
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
