package io.sitewatch.supervision.notify;

import io.sitewatch.core.region.Regions;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words of a notification, in Chinese or English: a title and lines of "label: value". The
 * channels lay them out (plain text, markdown, mail). Names of sites and devices come from the
 * registry; a site it does not know is named by its id.
 */
final class MessageText {

    /** A title and its lines; {@link #body()} is the plain text. */
    record Text(String title, List<String> lines) {
        String body() {
            return String.join("\n", lines);
        }
    }

    private static final Map<String, String[]> KINDS = Map.of(
            "tower_crane", new String[] {"塔式起重机", "tower crane"}, "hoist", new String[] {"施工升降机", "hoist"},
            "gondola", new String[] {"高处作业吊篮", "gondola"}, "env", new String[] {"扬尘噪声监测", "dust and noise monitor"},
            "pit", new String[] {"深基坑监测", "deep pit monitor"}, "formwork", new String[] {"高支模监测", "high formwork monitor"},
            "recorder", new String[] {"执法记录仪", "recorder"});
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final RegistryLookup registry;
    private final Regions regions;

    MessageText(RegistryLookup registry, Regions regions) {
        this.registry = registry;
        this.regions = regions;
    }

    /** An alarm opened (or rose to a level that is notified). */
    Text alarmOpened(JsonObject a, String lang) {
        boolean zh = zh(lang);
        boolean alarm = "alarm".equals(a.getString("level"));
        String title = (zh ? (alarm ? "【告警】" : "【预警】") : (alarm ? "Alarm: " : "Warning: ")) + siteName(a.getString("siteId"))
                + " · " + deviceLabel(a, lang);
        return new Text(title, alarmLines(a, lang, new ArrayList<>()));
    }

    /** An alarm nobody acknowledged for {@code minutes}; {@code position} is the person's place on the on-call list (1 = first). */
    Text alarmEscalation(JsonObject a, String lang, long minutes, int position) {
        boolean zh = zh(lang);
        String title = zh ? "【升级】告警 " + minutes + " 分钟无人确认 · " + siteName(a.getString("siteId"))
                : "Escalation: alarm unacknowledged for " + minutes + " min · " + siteName(a.getString("siteId"));
        List<String> lines = new ArrayList<>();
        lines.add(zh ? "该告警已 " + minutes + " 分钟无人确认，按值班名单通知第 " + position + " 位：请尽快处置并确认。"
                : "Nobody has acknowledged this alarm for " + minutes + " minutes; you are number " + position
                        + " on the on-call list: please see to it and acknowledge it.");
        return new Text(title, alarmLines(a, lang, lines));
    }

    /** A hazard opened. */
    Text hazardOpened(JsonObject h, String lang) {
        boolean zh = zh(lang);
        boolean major = "major".equals(h.getString("level"));
        String title = (zh ? (major ? "【重大事故隐患】" : "【一般隐患】") : (major ? "Major accident hazard: " : "Hazard: "))
                + siteName(h.getString("siteId"));
        return new Text(title, hazardLines(h, lang, new ArrayList<>()));
    }

    /** A hazard past its deadline and not closed. */
    Text hazardOverdue(JsonObject h, String lang) {
        boolean zh = zh(lang);
        boolean major = "major".equals(h.getString("level"));
        String title = zh ? "【隐患逾期】" + (major ? "重大事故隐患" : "隐患") + "逾期未整改 · " + siteName(h.getString("siteId"))
                : "Overdue: " + (major ? "major accident hazard" : "hazard") + " not rectified in time · " + siteName(h.getString("siteId"));
        List<String> lines = new ArrayList<>();
        lines.add(zh ? "整改期限已过，隐患仍未闭环。" : "The deadline has passed and the hazard is not closed.");
        return new Text(title, hazardLines(h, lang, lines));
    }

    /** A warning letter issued: to whom, its title, until when an answer is due. */
    Text letterIssued(JsonObject l, String lang) {
        boolean zh = zh(lang);
        String target = l.getString("targetName");
        String title = (zh ? "【警示函】" : "Warning letter: ") + target;
        List<String> lines = new ArrayList<>();
        String first = l.getJsonArray("siteIds") == null || l.getJsonArray("siteIds").isEmpty() ? null : l.getJsonArray("siteIds").getString(0);
        boolean enterprise = "enterprise".equals(l.getString("scope"));
        lines.add(label(enterprise ? "企业" : "工地", enterprise ? "Enterprise" : "Site", lang) + target + " (" + l.getString("targetId") + ")"
                + regionPart(l.getString("region"), lang));
        if (enterprise && l.getJsonArray("siteIds") != null) {
            lines.add(label("涉及项目", "Projects", lang) + String.join(", ", l.getJsonArray("siteIds").getList()));
        }
        lines.add(label("函件", "Letter", lang) + (zh ? l.getString("title") : "warning letter on work-safety risk"));
        Long deadline = l.getLong("deadlineTs");
        if (deadline != null) {
            lines.add(label("回复期限", "Answer by", lang) + time(deadline, first));
        }
        lines.add(label("函件编号", "Letter id", lang) + l.getString("letterId"));
        return new Text(title, lines);
    }

    private List<String> alarmLines(JsonObject a, String lang, List<String> lines) {
        boolean zh = zh(lang);
        String siteId = a.getString("siteId");
        lines.add(label("工地", "Site", lang) + siteName(siteId) + " (" + siteId + ")" + regionPart(a.getString("region"), lang));
        lines.add(label("设备", "Device", lang) + deviceLabel(a, lang));
        lines.add(label("级别", "Level", lang) + ("alarm".equals(a.getString("level")) ? (zh ? "告警" : "alarm") : (zh ? "预警" : "warning")));
        lines.add(label("规则", "Rule", lang) + a.getString("rule"));
        String detail = zh && a.getString("detailZh") != null ? a.getString("detailZh") : a.getString("detail");
        if (detail != null && !detail.isBlank()) {
            lines.add(label("情况", "What", lang) + detail);
        }
        Long start = a.getLong("startTs");
        if (start != null) {
            lines.add(label("开始", "Since", lang) + time(start, siteId));
        }
        lines.add(label("告警编号", "Alarm id", lang) + a.getString("id"));
        return lines;
    }

    private List<String> hazardLines(JsonObject h, String lang, List<String> lines) {
        boolean zh = zh(lang);
        String siteId = h.getString("siteId");
        lines.add(label("工地", "Site", lang) + siteName(siteId) + " (" + siteId + ")" + regionPart(h.getString("region"), lang));
        lines.add(label("级别", "Level", lang) + ("major".equals(h.getString("level")) ? (zh ? "重大事故隐患" : "major")
                : (zh ? "一般隐患" : "general")));
        if (h.getString("clause") != null) {
            lines.add(label("判定依据", "Clause", lang) + h.getString("clause"));
        }
        if (h.getString("category") != null) {
            lines.add(label("类别", "Category", lang) + h.getString("category"));
        }
        if (h.getString("text") != null && !h.getString("text").isBlank()) {
            lines.add(label("情况", "What", lang) + h.getString("text"));
        }
        Long deadline = h.getLong("deadlineTs");
        if (deadline != null) {
            lines.add(label("整改期限", "Deadline", lang) + time(deadline, siteId));
        }
        lines.add(label("隐患编号", "Hazard id", lang) + h.getString("hazardId"));
        return lines;
    }

    private String deviceLabel(JsonObject a, String lang) {
        String id = a.getString("deviceId");
        Device d = id == null ? null : registry.device(id);
        String kind = a.getString("kind") != null ? a.getString("kind") : d == null ? null : d.kind();
        String[] k = kind == null ? null : KINDS.get(kind);
        String kindName = k == null ? (kind == null ? "" : kind) : k[zh(lang) ? 0 : 1];
        String name = d != null && d.name() != null && !d.name().isBlank() && !d.name().equals(id) ? d.name() + " " : "";
        return (kindName.isEmpty() ? "" : kindName + " ") + name + (id == null ? "" : id);
    }

    private String siteName(String siteId) {
        Site s = siteId == null ? null : registry.site(siteId);
        return s == null || s.name() == null || s.name().isBlank() ? String.valueOf(siteId) : s.name();
    }

    private String regionPart(String region, String lang) {
        if (region == null) {
            return "";
        }
        String name = regions.name(region, zh(lang) ? "zh" : "en");
        String shown = name == null || name.equals(region) ? region : name + " " + region;
        return (zh(lang) ? "，" : ", ") + shown;
    }

    /** In the site's time zone (Asia/Shanghai for a site not known), with its UTC offset. */
    private String time(long ms, String siteId) {
        Site s = siteId == null ? null : registry.site(siteId);
        ZoneId zone = ZoneId.of(s == null ? Site.DEFAULT_TIMEZONE : s.timezone());
        var t = Instant.ofEpochMilli(ms).atZone(zone);
        String offset = t.getOffset().getId();
        return TIME.format(t) + " (UTC" + ("Z".equals(offset) ? "" : offset) + ")";
    }

    private static String label(String zh, String en, String lang) {
        return zh(lang) ? zh + "：" : en + ": ";
    }

    private static boolean zh(String lang) {
        return !"en".equals(lang);
    }
}
