package io.sitewatch.alarms.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chinese of an alarm's explanation ({@code detail}). The engine writes the explanation in
 * English, one sentence form per kind of judgement (threshold, mean, median, rate, work-cycle peak,
 * offline, last will, device alarm, papers, night work, operator certificate, no operator); each
 * form has an entry here keyed by its id, with the sentence's pattern and its Chinese, so the API
 * can give both ({@code detail} and {@code detailZh}) for alarms stored at any time, old ones
 * included. An explanation of no known form has no Chinese (null): the console then shows the
 * English. {@code DetailTextTest} runs every form the engine writes through here.
 */
public final class DetailText {

    private record Form(String id, Pattern pattern, Function<Matcher, String> zh) {
    }

    private static final String NUM = "-?[0-9][0-9.E-]*";
    private static final String OP = "[≥≤<>]";
    private static final String DURATION = "\\d+ (?:h|min|s)";

    /** The wire protocol's metrics by their Chinese names. */
    private static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry("moment_pct", "力矩百分比"), Map.entry("load_pct", "载重百分比"), Map.entry("load_t", "起重量"),
            Map.entry("load_kg", "载重"), Map.entry("radius_m", "幅度"), Map.entry("height_m", "高度"), Map.entry("slew_deg", "回转角"),
            Map.entry("wind_ms", "风速"), Map.entry("tilt_deg", "倾斜"), Map.entry("clearance_m", "防碰撞距离"), Map.entry("people", "人数"),
            Map.entry("speed_ms", "运行速度"), Map.entry("door_open", "门状态"), Map.entry("fall_arrest", "防坠装置"),
            Map.entry("harness_count", "安全带挂接数"), Map.entry("pm25_ugm3", "PM2.5"), Map.entry("pm10_ugm3", "PM10"),
            Map.entry("tsp_ugm3", "TSP"), Map.entry("noise_dba", "噪声"), Map.entry("temp_c", "温度"), Map.entry("humidity_pct", "湿度"),
            Map.entry("disp_mm", "位移"), Map.entry("settle_mm", "沉降"), Map.entry("water_level_m", "地下水位"),
            Map.entry("axial_force_pct", "轴力百分比"), Map.entry("max_load_t", "最大起重量"), Map.entry("max_moment_pct", "最大力矩百分比"),
            Map.entry("max_wind_ms", "最大风速"));

    private static final Map<String, String> KINDS = Map.of("tower_crane", "塔式起重机", "hoist", "施工升降机",
            "gondola", "高处作业吊篮", "env", "扬尘噪声监测", "pit", "深基坑监测", "formwork", "高支模监测", "recorder", "执法记录仪");

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("moment_pct", "%"), Map.entry("load_pct", "%"), Map.entry("load_t", " t"), Map.entry("load_kg", " kg"),
            Map.entry("wind_ms", " m/s"), Map.entry("tilt_deg", "°"), Map.entry("clearance_m", " m"), Map.entry("people", " 人"),
            Map.entry("speed_ms", " m/s"), Map.entry("pm25_ugm3", " µg/m³"), Map.entry("pm10_ugm3", " µg/m³"),
            Map.entry("tsp_ugm3", " µg/m³"), Map.entry("noise_dba", " dB(A)"), Map.entry("disp_mm", " mm"), Map.entry("settle_mm", " mm"),
            Map.entry("water_level_m", " m"), Map.entry("axial_force_pct", "%"), Map.entry("height_m", " m"), Map.entry("radius_m", " m"));

    private static final List<Form> FORMS = List.of(
            new Form("threshold", Pattern.compile("^(?<m>[a-z0-9_]+) (?<v>" + NUM + ") (?<op>" + OP + ") (?<t>" + NUM + ")"
                    + "(?: for (?<n>\\d+) samples)?(?: for (?<d>" + DURATION + "))?(?: while (?<g>[a-z0-9_]+) > (?<ga>" + NUM + "))?$"),
                    m -> metric(m.group("m")) + " " + value(m.group("m"), m.group("v")) + " " + m.group("op") + " "
                            + value(m.group("m"), m.group("t"))
                            + (m.group("n") == null ? "" : "，连续 " + m.group("n") + " 个采样")
                            + (m.group("d") == null ? "" : "，持续 " + duration(m.group("d")))
                            + (m.group("g") == null ? "" : "（" + metric(m.group("g")) + " > " + m.group("ga") + " 时）")),
            new Form("mean", Pattern.compile("^(?<k>Leq|mean) (?<w>" + DURATION + ") (?<m>[a-z0-9_]+) (?<v>" + NUM + ") (?<op>" + OP
                    + ") (?<t>" + NUM + ")(?: \\((?<part>day|night) limit\\))?$"),
                    m -> duration(m.group("w")) + ("Leq".equals(m.group("k")) ? "等效声级 " : "均值 ") + metric(m.group("m")) + " "
                            + value(m.group("m"), m.group("v")) + " " + m.group("op") + " " + value(m.group("m"), m.group("t"))
                            + (m.group("part") == null ? "" : "day".equals(m.group("part")) ? "（昼间限值）" : "（夜间限值）")),
            new Form("median", Pattern.compile("^median (?<w>" + DURATION + ") (?<m>[a-z0-9_]+) (?<v>" + NUM + ") (?<op>" + OP
                    + ") (?<t>" + NUM + ")(?: while (?<c>.+))?$"),
                    m -> duration(m.group("w")) + "中位数 " + metric(m.group("m")) + " " + value(m.group("m"), m.group("v")) + " "
                            + m.group("op") + " " + value(m.group("m"), m.group("t"))
                            + (m.group("c") == null ? "" : "（判定条件：" + conditions(m.group("c")) + "）")),
            new Form("rate.one_day", Pattern.compile("^(?<m>[a-z0-9_]+) changed (?<v>" + NUM + ") yesterday, at or over the limit (?<t>"
                    + NUM + ") per day$"),
                    m -> metric(m.group("m")) + "昨日变化 " + value(m.group("m"), m.group("v")) + "，达到或超过日变化速率限值 "
                            + value(m.group("m"), m.group("t"))),
            new Form("rate.days", Pattern.compile("^(?<m>[a-z0-9_]+) changed more than (?<t>" + NUM + ")(?: \\((?<share>" + NUM
                    + ") % of (?<lim>" + NUM + ")\\))? per day on (?<n>\\d+) consecutive days \\(last (?<v>" + NUM + ")\\)$"),
                    m -> metric(m.group("m")) + "连续 " + m.group("n") + " 天日变化超过 " + value(m.group("m"), m.group("t"))
                            + (m.group("share") == null ? "" : "（限值 " + m.group("lim") + " 的 " + m.group("share") + "%）")
                            + "（最近一天 " + value(m.group("m"), m.group("v")) + "）"),
            new Form("rate.warning", Pattern.compile("^(?<m>[a-z0-9_]+) changed (?<v>" + NUM + ") yesterday, limit (?<t>" + NUM
                    + ")(?: \\((?<share>" + NUM + ") % of (?<lim>" + NUM + ")\\))? per day$"),
                    m -> metric(m.group("m")) + "昨日变化 " + value(m.group("m"), m.group("v")) + "，日变化预警值 "
                            + value(m.group("m"), m.group("t"))
                            + (m.group("share") == null ? "" : "（限值 " + m.group("lim") + " 的 " + m.group("share") + "%）")),
            new Form("peak", Pattern.compile("^(?<e>[a-z_]+) peak (?<m>[a-z0-9_]+) (?<v>" + NUM + ") (?<op>" + OP + ") (?<t>" + NUM
                    + ")(?: \\((?<f>[a-z0-9_]+) (?<fv>" + NUM + ")\\))?(?: in the cycle (?<from>\\S+)–(?<to>\\S+), not seen in its samples)?$"),
                    m -> "作业循环峰值 " + metric(m.group("m")) + " " + value(m.group("m"), m.group("v")) + " " + m.group("op") + " "
                            + value(m.group("m"), m.group("t"))
                            + (m.group("f") == null ? "" : "（" + metric(m.group("f")) + " " + m.group("fv") + "）")
                            + (m.group("from") == null ? "" : "，循环 " + m.group("from") + "–" + m.group("to") + "，采样未捕捉到")),
            new Form("offline.silent", Pattern.compile("^no message for (?<s>\\d+) s \\(limit (?<n>\\d+) × (?<p>\\d+) s"
                    + "(?<wh> of the site's working hours)?\\)$"),
                    m -> m.group("s") + " 秒无消息（限值 " + m.group("n") + " × " + m.group("p") + " 秒"
                            + (m.group("wh") == null ? "" : "，只计工地工作时间") + "）"),
            new Form("offline.last_will", Pattern.compile("^the device reported itself offline \\(last will\\)$"),
                    m -> "设备报告自身离线（遗嘱消息）"),
            new Form("device_alarm", Pattern.compile("^device alarm (?<c>\\S+): (?<t>.*)$", Pattern.DOTALL),
                    m -> "设备自报警 " + m.group("c") + (m.group("t").isBlank() ? "" : "：" + m.group("t"))),
            new Form("papers.in_use", Pattern.compile("^in use with its (?<p>.+) expired on (?<d>\\S+)$"),
                    m -> paper(m.group("p")) + "已于 " + m.group("d") + " 过期，设备仍在使用"),
            new Form("papers.expiring", Pattern.compile("^(?<p>.+) valid to (?<d>\\S+): (?<n>-?\\d+) days left, renew it before then$"),
                    m -> paper(m.group("p")) + "有效期至 " + m.group("d") + "，还剩 " + m.group("n") + " 天，请在到期前办理"),
            new Form("papers.expired", Pattern.compile("^(?<p>.+) expired on (?<d>\\S+): the machine must not be used$"),
                    m -> paper(m.group("p")) + "已于 " + m.group("d") + " 过期，设备不得使用"),
            new Form("night_work", Pattern.compile("^疑似无证夜间施工: lifting at (?<t>\\S+) outside the site's working hours with no"
                    + " night-work permit on its calendar$"),
                    m -> "疑似无证夜间施工：" + m.group("t") + " 在工地工作时间以外吊装，施工日历上没有夜间施工证明"),
            new Form("operator.certificate", Pattern.compile("^operator_login with certificate (?<c>\\S+): (?<p>.+)$"),
                    m -> "操作人员以证书 " + m.group("c") + " 登录：" + certificateProblem(m.group("p"))),
            new Form("operator.none", Pattern.compile("^operating \\((?<m>[a-z0-9_]+) (?<v>" + NUM + ")\\) with no valid operator logged in"
                    + "(?:; logged in: (?<c>\\S+))?$"),
                    m -> "设备在作业（" + metric(m.group("m")) + " " + value(m.group("m"), m.group("v")) + "），但没有持有效证书的操作人员登录"
                            + (m.group("c") == null ? "" : "（已登录：" + m.group("c") + "）")));

    private DetailText() {
    }

    /** The Chinese of an explanation the engine wrote, or null when it is of no known form. */
    public static String zh(String detail) {
        if (detail == null) {
            return null;
        }
        for (Form f : FORMS) {
            Matcher m = f.pattern().matcher(detail);
            if (m.matches()) {
                return f.zh().apply(m);
            }
        }
        return null;
    }

    /** The id of the explanation's form (the key of its entry), or null. */
    static String form(String detail) {
        for (Form f : FORMS) {
            if (detail != null && f.pattern().matcher(detail).matches()) {
                return f.id();
            }
        }
        return null;
    }

    private static String metric(String m) {
        return METRICS.getOrDefault(m, m);
    }

    private static String value(String metric, String v) {
        return v + UNITS.getOrDefault(metric, "");
    }

    private static String duration(String d) {
        String[] p = d.split(" ");
        return p[0] + switch (p[1]) {
            case "h" -> " 小时";
            case "min" -> " 分钟";
            default -> " 秒";
        };
    }

    /** "load_pct < 5 and wind_ms ≤ 3" with the metrics named. */
    private static String conditions(String c) {
        StringBuilder out = new StringBuilder();
        for (String part : c.split(" and ")) {
            String[] w = part.trim().split(" ", 2);
            out.append(out.isEmpty() ? "" : "且").append(metric(w[0])).append(w.length > 1 ? " " + w[1] : "");
        }
        return out.toString();
    }

    /** "使用登记 (registration)" → 使用登记: the Chinese name the engine already puts first. */
    private static String paper(String p) {
        int paren = p.indexOf(" (");
        String head = paren > 0 ? p.substring(0, paren) : p;
        return head.replace(" calibration", "标定");
    }

    private static String certificateProblem(String p) {
        Matcher m;
        if (p.equals("unknown certificate")) {
            return "证书未登记";
        }
        if ((m = Pattern.compile("^expired on (\\S+)$").matcher(p)).matches()) {
            return "证书已于 " + m.group(1) + " 过期";
        }
        if ((m = Pattern.compile("^not valid before (\\S+)$").matcher(p)).matches()) {
            return "证书 " + m.group(1) + " 起才有效";
        }
        if ((m = Pattern.compile("^a (\\S+) certificate does not cover a (\\S+) \\(needs (.+)\\)$").matcher(p)).matches()) {
            return m.group(1) + " 证书不能操作" + KINDS.getOrDefault(m.group(2), m.group(2)) + "（需要 "
                    + m.group(3).replace(" or ", " 或 ") + "）";
        }
        return p;
    }
}
