package io.sitewatch.alarms.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every sentence form the engine writes into an alarm's explanation has its Chinese. The English
 * examples are the engine's own output as its tests pin it (AlarmShardTest, FieldRulesTest,
 * FieldRulesEngineTest, OfflineWatchTest, OperatorSessionsTest, RealSitesTest).
 */
class DetailTextTest {

    /** No run of four or more Latin letters outside codes, metric ids and units. */
    private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{4,}");

    @Test
    void everyFormHasItsChinese() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("moment_pct 95 ≥ 90 for 2 samples", "力矩百分比 95% ≥ 90%，连续 2 个采样");
        cases.put("moment_pct 101 > 100", "力矩百分比 101% > 100%");
        cases.put("wind_ms 14.2 ≥ 13.8 for 1 min while load_t > 0.2", "风速 14.2 m/s ≥ 13.8 m/s，持续 1 分钟（起重量 > 0.2 时）");
        cases.put("mean 1 min wind_ms 14.0 ≥ 13.8", "1 分钟均值 风速 14.0 m/s ≥ 13.8 m/s");
        cases.put("Leq 20 min noise_dba 58.3 ≥ 55.0 (night limit)", "20 分钟等效声级 噪声 58.3 dB(A) ≥ 55.0 dB(A)（夜间限值）");
        cases.put("median 5 min tilt_deg 0.26 > 0.229 while load_pct < 5 and wind_ms ≤ 3",
                "5 分钟中位数 倾斜 0.26° > 0.229°（判定条件：载重百分比 < 5且风速 ≤ 3）");
        cases.put("disp_mm changed 2.1 yesterday, at or over the limit 2.0 per day", "位移昨日变化 2.1 mm，达到或超过日变化速率限值 2.0 mm");
        cases.put("disp_mm changed more than 1.4 (70 % of 2) per day on 3 consecutive days (last 1.6)",
                "位移连续 3 天日变化超过 1.4 mm（限值 2 的 70%）（最近一天 1.6 mm）");
        cases.put("disp_mm changed 1.5 yesterday, limit 1.4 (70 % of 2) per day", "位移昨日变化 1.5 mm，日变化预警值 1.4 mm（限值 2 的 70%）");
        cases.put("work_cycle peak moment_pct 104.5 ≥ 100 in the cycle 10:00:00–10:00:40, not seen in its samples",
                "作业循环峰值 力矩百分比 104.5% ≥ 100%，循环 10:00:00–10:00:40，采样未捕捉到");
        cases.put("work_cycle peak load_pct 105 ≥ 100 (max_load_t 6.3) in the cycle 10:00:00–10:00:40, not seen in its samples",
                "作业循环峰值 载重百分比 105% ≥ 100%（最大起重量 6.3），循环 10:00:00–10:00:40，采样未捕捉到");
        cases.put("no message for 15 s (limit 3 × 5 s)", "15 秒无消息（限值 3 × 5 秒）");
        cases.put("no message for 42 s (limit 3 × 10 s of the site's working hours)", "42 秒无消息（限值 3 × 10 秒，只计工地工作时间）");
        cases.put("the device reported itself offline (last will)", "设备报告自身离线（遗嘱消息）");
        cases.put("device alarm PM10_LIMIT: PM10 实时浓度超过设定值 150 µg/m³，已联动喷淋", "设备自报警 PM10_LIMIT：PM10 实时浓度超过设定值 150 µg/m³，已联动喷淋");
        cases.put("in use with its 使用登记 (registration) expired on 2026-11-30", "使用登记已于 2026-11-30 过期，设备仍在使用");
        cases.put("防坠安全器 calibration (fall arrester) valid to 2026-12-31: 24 days left, renew it before then",
                "防坠安全器标定有效期至 2026-12-31，还剩 24 天，请在到期前办理");
        cases.put("定期检验 (periodic inspection) expired on 2026-12-01: the machine must not be used", "定期检验已于 2026-12-01 过期，设备不得使用");
        cases.put("疑似无证夜间施工: lifting at 23:00 outside the site's working hours with no night-work permit on its calendar",
                "疑似无证夜间施工：23:00 在工地工作时间以外吊装，施工日历上没有夜间施工证明");
        cases.put("operator_login with certificate T-CRANE: a tower_crane_driver certificate does not cover a gondola "
                + "(needs gondola_operator or work_at_height)",
                "操作人员以证书 T-CRANE 登录：tower_crane_driver 证书不能操作高处作业吊篮（需要 gondola_operator 或 work_at_height）");
        cases.put("operator_login with certificate X-1: unknown certificate", "操作人员以证书 X-1 登录：证书未登记");
        cases.put("operator_login with certificate X-2: expired on 2026-01-31", "操作人员以证书 X-2 登录：证书已于 2026-01-31 过期");
        cases.put("operating (load_t 3.2) with no valid operator logged in; logged in: X-1",
                "设备在作业（起重量 3.2 t），但没有持有效证书的操作人员登录（已登录：X-1）");
        cases.forEach((en, zh) -> {
            assertEquals(zh, DetailText.zh(en), en);
            String prose = zh.replaceAll("[a-z0-9_]+_[a-z0-9_]+|[A-Z0-9_-]{3,}|dB\\(A\\)|µg/m³|m/s", "");
            assertTrue(!ENGLISH.matcher(prose).find(), "no English sentence left in: " + zh);
        });
    }

    @Test
    void aSentenceOfNoKnownFormHasNoChinese() {
        assertNull(DetailText.zh("something the engine never wrote"));
        assertNull(DetailText.zh(null));
        assertEquals("threshold", DetailText.form("moment_pct 101 > 100"));
    }
}
