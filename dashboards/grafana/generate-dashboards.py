#!/usr/bin/env python3
# Generates dashboards/*.json (Grafana schema 39). Edit the dashboards here and run it again;
# GrafanaQueriesIT executes every SQL query it writes against the real schema.
import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dashboards')
PG = {"type": "grafana-postgresql-datasource", "uid": "sitewatch-pg"}
PROM = {"type": "prometheus", "uid": "sitewatch-prom"}

class D:
    def __init__(self, uid, title, tags, desc):
        self.uid, self.title, self.tags, self.desc = uid, title, tags, desc
        self.panels, self.vars, self.x, self.y, self.rowh, self.id = [], [], 0, 0, 0, 1
    def panel(self, typ, title, targets, w=12, h=8, unit=None, ds=PG, desc=None, options=None, fieldcfg=None):
        if self.x + w > 24:
            self.x, self.y = 0, self.y + self.rowh; self.rowh = 0
        p = {"id": self.id, "type": typ, "title": title, "datasource": ds,
             "gridPos": {"x": self.x, "y": self.y, "w": w, "h": h},
             "targets": [], "fieldConfig": {"defaults": {}, "overrides": []}, "options": options or {}}
        if desc: p["description"] = desc
        if unit: p["fieldConfig"]["defaults"]["unit"] = unit
        if fieldcfg: p["fieldConfig"]["defaults"].update(fieldcfg)
        for i, t in enumerate(targets):
            ref = chr(65 + i)
            if ds is PG:
                sql, fmt = t if isinstance(t, tuple) else (t, "table" if typ in ("table", "stat", "bargauge", "piechart") else "time_series")
                p["targets"].append({"refId": ref, "datasource": PG, "editorMode": "code", "rawQuery": True, "format": fmt, "rawSql": sql.strip()})
            else:
                expr, legend = t
                p["targets"].append({"refId": ref, "datasource": PROM, "editorMode": "code", "expr": expr.strip(), "legendFormat": legend, "range": True})
        self.panels.append(p); self.id += 1
        self.x += w; self.rowh = max(self.rowh, h)
    def var(self, name, label, query, multi=False, include_all=False, all_value=None, ds=PG):
        v = {"name": name, "label": label, "type": "query", "datasource": ds, "query": query.strip(), "definition": query.strip(),
             "refresh": 1, "multi": multi, "includeAll": include_all, "sort": 1, "current": {}, "options": [], "hide": 0}
        if all_value is not None: v["allValue"] = all_value
        self.vars.append(v)
    def write(self, name):
        doc = {"uid": self.uid, "title": self.title, "tags": ["sitewatch"] + self.tags, "description": self.desc,
               "timezone": "browser", "schemaVersion": 39, "version": 1, "editable": True, "graphTooltip": 1,
               "time": {"from": "now-24h", "to": "now"}, "refresh": "1m",
               "templating": {"list": self.vars}, "annotations": {"list": []}, "panels": self.panels,
               "links": [{"type": "dashboards", "tags": ["sitewatch"], "asDropdown": True, "title": "SiteWatch"}]}
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(doc, f, ensure_ascii=False, indent=2); f.write('\n')

CITY = """SELECT DISTINCT left(region, 4) AS __value, left(region, 4) || '00' AS __text FROM site ORDER BY 1"""
SITE = """SELECT site_id AS __value, name || ' (' || site_id || ')' AS __text FROM site WHERE region LIKE '$city%' ORDER BY site_id"""

# ---------------------------------------------------------------- province overview
d = D("sitewatch-province", "SiteWatch · 全省概览 Province overview", ["postgres"],
      "Sites, devices and alarms of the province or one city (PostgreSQL).")
d.var("city", "市 City", CITY, include_all=True, all_value="35")
d.panel("stat", "工地 Sites", ["SELECT count(*) AS sites FROM site WHERE region LIKE '$city%'"], w=4, h=4)
d.panel("stat", "设备 Devices", ["SELECT count(*) AS devices FROM device d JOIN site s ON s.site_id = d.site_id WHERE s.region LIKE '$city%'"], w=4, h=4)
d.panel("stat", "未解除报警 Open alarms", ["SELECT count(*) AS alarms FROM alarm WHERE state <> 'cleared' AND level = 'alarm' AND rule <> 'device.offline' AND region LIKE '$city%'"], w=4, h=4,
        fieldcfg={"color": {"mode": "fixed", "fixedColor": "red"}})
d.panel("stat", "未解除预警 Open warnings", ["SELECT count(*) AS warnings FROM alarm WHERE state <> 'cleared' AND level = 'warning' AND region LIKE '$city%'"], w=4, h=4,
        fieldcfg={"color": {"mode": "fixed", "fixedColor": "orange"}})
d.panel("stat", "离线设备 Offline devices", ["SELECT count(DISTINCT device_id) AS offline FROM alarm WHERE state <> 'cleared' AND rule = 'device.offline' AND region LIKE '$city%'"], w=4, h=4,
        fieldcfg={"color": {"mode": "fixed", "fixedColor": "purple"}})
d.panel("stat", "平均确认用时 Mean time to acknowledge", ["""
SELECT avg(extract(epoch FROM ack_ts - start_ts)) AS seconds
FROM alarm WHERE ack_ts IS NOT NULL AND $__timeFilter(start_ts) AND region LIKE '$city%'"""], w=4, h=4, unit="s")
d.panel("table", "各工地状态 Sites and their open alarms", ["""
SELECT s.site_id AS "工地编号", s.name AS "工地", s.region AS "区划",
       count(a.id) FILTER (WHERE a.level = 'alarm' AND a.rule <> 'device.offline') AS "报警",
       count(a.id) FILTER (WHERE a.level = 'warning') AS "预警",
       count(DISTINCT a.device_id) FILTER (WHERE a.rule = 'device.offline') AS "离线设备",
       (SELECT count(*) FROM device d WHERE d.site_id = s.site_id) AS "设备"
FROM site s LEFT JOIN alarm a ON a.site_id = s.site_id AND a.state <> 'cleared'
WHERE s.region LIKE '$city%'
GROUP BY s.site_id, s.name, s.region
ORDER BY 4 DESC, 5 DESC, 1"""], w=12, h=10)
d.panel("timeseries", "告警产生 Alarms raised per hour", ["""
SELECT $__timeGroupAlias(start_ts, '1h'), level AS metric, count(*) AS raised
FROM alarm WHERE $__timeFilter(start_ts) AND region LIKE '$city%'
GROUP BY 1, 2 ORDER BY 1"""], w=12, h=10, options={"legend": {"displayMode": "list", "placement": "bottom"}})
d.panel("bargauge", "规则排名 Alarms by rule", ["""
SELECT rule, count(*) AS alarms FROM alarm
WHERE $__timeFilter(start_ts) AND region LIKE '$city%'
GROUP BY rule ORDER BY 2 DESC LIMIT 15"""], w=12, h=10, options={"orientation": "horizontal", "reduceOptions": {"values": True, "calcs": ["lastNotNull"]}})
d.panel("table", "超过 30 分钟未确认 Unacknowledged for more than 30 min", ["""
SELECT a.start_ts AS "开始", s.name AS "工地", a.device_id AS "设备", a.rule AS "规则", a.level AS "级别", a.value AS "值", a.threshold AS "阈值"
FROM alarm a JOIN site s ON s.site_id = a.site_id
WHERE a.state = 'active' AND a.start_ts < now() - interval '30 minutes' AND a.region LIKE '$city%'
ORDER BY a.start_ts LIMIT 200"""], w=12, h=10)
d.write("province-overview.json")

# ---------------------------------------------------------------- site overview
d = D("sitewatch-site", "SiteWatch · 工地概览 Site overview", ["postgres"], "One site: devices, their last message, alarms and data volume.")
d.var("city", "市 City", CITY, include_all=True, all_value="35")
d.var("site", "工地 Site", SITE)
d.panel("table", "设备 Devices", ["""
SELECT d.device_id AS "设备", d.kind AS "类型", d.name AS "名称", d.period_s AS "上报周期 s",
       ds.last_seen AS "最后消息",
       CASE WHEN ds.last_seen IS NULL THEN 'never'
            WHEN ds.last_seen < now() - make_interval(secs => 3 * d.period_s) THEN 'offline' ELSE 'online' END AS "状态",
       (SELECT count(*) FROM alarm a WHERE a.device_id = d.device_id AND a.state <> 'cleared') AS "未解除告警"
FROM device d LEFT JOIN device_seen ds ON ds.device_id = d.device_id
WHERE d.site_id = '$site'
ORDER BY d.kind, d.device_id"""], w=14, h=10)
d.panel("table", "未解除告警 Open alarms", ["""
SELECT start_ts AS "开始", device_id AS "设备", rule AS "规则", level AS "级别", state AS "状态", value AS "值", threshold AS "阈值", ack_by AS "确认人"
FROM alarm WHERE site_id = '$site' AND state <> 'cleared' ORDER BY start_ts DESC"""], w=10, h=10)
d.panel("timeseries", "每分钟数据量 Values stored per minute", ["""
SELECT $__timeGroupAlias(t.bucket, '1m'), d.kind AS metric, sum(t.count) AS "values"
FROM telemetry_1m t JOIN device d ON d.device_id = t.device_id
WHERE $__timeFilter(t.bucket) AND d.site_id = '$site'
GROUP BY 1, 2 ORDER BY 1"""], w=12, h=8)
d.panel("timeseries", "告警 Alarms raised", ["""
SELECT $__timeGroupAlias(start_ts, '1h'), rule AS metric, count(*) AS raised
FROM alarm WHERE $__timeFilter(start_ts) AND site_id = '$site'
GROUP BY 1, 2 ORDER BY 1"""], w=12, h=8)
d.panel("table", "告警记录 Alarm history", ["""
SELECT e.at AS "时间", a.device_id AS "设备", a.rule AS "规则", e.transition AS "变化", e.level AS "级别", e.value AS "值", e.actor AS "操作人", e.comment AS "意见"
FROM alarm_event e JOIN alarm a ON a.id = e.alarm_id
WHERE a.site_id = '$site' AND $__timeFilter(e.at)
ORDER BY e.at DESC LIMIT 500"""], w=14, h=10)
d.panel("table", "设备事件 Device events", ["""
SELECT ts AS "时间", device_id AS "设备", type AS "事件", data::text AS "内容"
FROM device_event WHERE site_id = '$site' AND $__timeFilter(ts)
ORDER BY ts DESC LIMIT 500"""], w=10, h=10)
d.write("site-overview.json")

# ---------------------------------------------------------------- crane
def metric_panel(d, kind, metric, title, unit=None, w=12, thresholds=None):
    sql = f"""
SELECT $__timeGroupAlias(t.bucket, $__interval), t.device_id AS metric, max(t.max) AS value
FROM telemetry_1m t JOIN device d ON d.device_id = t.device_id
WHERE $__timeFilter(t.bucket) AND d.site_id = '$site' AND d.kind = '{kind}' AND t.metric = '{metric}' AND t.device_id IN ($device)
GROUP BY 1, 2 ORDER BY 1"""
    fc = None
    if thresholds:
        fc = {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in thresholds]},
              "custom": {"thresholdsStyle": {"mode": "line+area"}}}
    d.panel("timeseries", title, [sql], w=w, h=8, unit=unit, fieldcfg=fc,
            desc=f"Per-minute maximum of {metric} (telemetry_1m rollup).")

DEV = lambda kind: f"SELECT device_id AS __value, coalesce(name, device_id) AS __text FROM device WHERE site_id = '$site' AND kind = '{kind}' ORDER BY device_id"
d = D("sitewatch-crane", "SiteWatch · 塔式起重机 Tower cranes", ["postgres", "crane"], "Tower crane monitoring of one site (GB/T 28264 safety monitoring system values).")
d.var("city", "市 City", CITY, include_all=True, all_value="35")
d.var("site", "工地 Site", SITE)
d.var("device", "塔吊 Crane", DEV("tower_crane"), multi=True, include_all=True)
metric_panel(d, "tower_crane", "moment_pct", "力矩百分比 Moment %", "percent", thresholds=[(90, "orange"), (100, "red")])
metric_panel(d, "tower_crane", "load_pct", "起重量百分比 Load %", "percent", thresholds=[(90, "orange"), (100, "red")])
metric_panel(d, "tower_crane", "wind_ms", "风速 Wind", "velocityms", thresholds=[(13.8, "orange"), (20, "red")])
metric_panel(d, "tower_crane", "tilt_deg", "塔身倾斜 Tilt", "degree")
metric_panel(d, "tower_crane", "load_t", "吊重 Load (t)", "masst", w=8)
metric_panel(d, "tower_crane", "radius_m", "幅度 Radius", "lengthm", w=8)
metric_panel(d, "tower_crane", "clearance_m", "防碰撞距离 Clearance", "lengthm", w=8)
d.panel("stat", "工作循环 Work cycles", ["""
SELECT count(*) AS cycles FROM device_event e JOIN device d ON d.device_id = e.device_id
WHERE e.type = 'work_cycle' AND d.site_id = '$site' AND d.kind = 'tower_crane' AND e.device_id IN ($device) AND $__timeFilter(e.ts)"""], w=6, h=8)
d.panel("table", "司机登录 Operator logins", ["""
SELECT e.ts AS "时间", e.device_id AS "塔吊", e.type AS "事件", e.data ->> 'cert_no' AS "证书编号", oc.name AS "姓名", oc.valid_to AS "有效期至"
FROM device_event e JOIN device d ON d.device_id = e.device_id LEFT JOIN operator_cert oc ON oc.cert_no = e.data ->> 'cert_no'
WHERE e.type IN ('operator_login', 'operator_logout') AND d.site_id = '$site' AND e.device_id IN ($device) AND $__timeFilter(e.ts)
ORDER BY e.ts DESC LIMIT 200"""], w=9, h=8)
d.panel("table", "塔吊告警 Crane alarms", ["""
SELECT a.start_ts AS "开始", a.end_ts AS "解除", a.device_id AS "塔吊", a.rule AS "规则", a.level AS "级别", a.value AS "值", a.threshold AS "阈值", a.state AS "状态"
FROM alarm a WHERE a.site_id = '$site' AND a.device_kind = 'tower_crane' AND a.device_id IN ($device) AND $__timeFilter(a.start_ts)
ORDER BY a.start_ts DESC LIMIT 200"""], w=9, h=8)
d.write("crane.json")

# ---------------------------------------------------------------- environment
d = D("sitewatch-environment", "SiteWatch · 扬尘噪声 Environment", ["postgres", "environment"], "Dust and noise stations of one site.")
d.var("city", "市 City", CITY, include_all=True, all_value="35")
d.var("site", "工地 Site", SITE)
d.var("device", "监测点 Station", DEV("env"), multi=True, include_all=True)
for metric, title, unit in [("pm10_ugm3", "PM10", "conμgm3"), ("pm25_ugm3", "PM2.5", "conμgm3")]:
    d.panel("timeseries", f"{title} 小时均值 hourly mean", [f"""
SELECT $__timeGroupAlias(t.bucket, '1h'), t.device_id AS metric, sum(t.sum) / sum(t.count) AS value
FROM telemetry_1m t JOIN device d ON d.device_id = t.device_id
WHERE $__timeFilter(t.bucket) AND d.site_id = '$site' AND d.kind = 'env' AND t.metric = '{metric}' AND t.device_id IN ($device)
GROUP BY 1, 2 ORDER BY 1"""], w=12, h=8, unit=unit, desc="Hourly mean, as the env.*_hourly rules judge it.")
metric_panel(d, "env", "noise_dba", "噪声 Noise (max per minute)", "dB")
metric_panel(d, "env", "wind_ms", "风速 Wind", "velocityms")
metric_panel(d, "env", "tsp_ugm3", "TSP", "conμgm3", w=8)
metric_panel(d, "env", "temp_c", "温度 Temperature", "celsius", w=8)
metric_panel(d, "env", "humidity_pct", "湿度 Humidity", "humidity", w=8)
d.panel("table", "环境告警 Environment alarms", ["""
SELECT a.start_ts AS "开始", a.end_ts AS "解除", a.device_id AS "监测点", a.rule AS "规则", a.level AS "级别", a.value AS "值", a.threshold AS "阈值", a.state AS "状态"
FROM alarm a WHERE a.site_id = '$site' AND a.device_kind = 'env' AND a.device_id IN ($device) AND $__timeFilter(a.start_ts)
ORDER BY a.start_ts DESC LIMIT 200"""], w=24, h=8)
d.write("environment.json")

# ---------------------------------------------------------------- pipeline health
d = D("sitewatch-pipeline", "SiteWatch · 数据管道 Pipeline health", ["prometheus", "postgres"],
      "Ingest, storage, alarm evaluation and live stream of the service (Prometheus), dead letters and offline devices (PostgreSQL).")
d.var("instance", "Instance", "label_values(sitewatch_mqtt_connected, instance)", multi=True, include_all=True, ds=PROM)
d.panel("stat", "Broker connected", [("sitewatch_mqtt_connected{instance=~\"$instance\"}", "{{instance}}")], w=4, h=4, ds=PROM,
        fieldcfg={"mappings": [{"type": "value", "options": {"0": {"text": "DISCONNECTED", "color": "red"}, "1": {"text": "connected", "color": "green"}}}]})
d.panel("stat", "Broker losses (1h)", [("sum(increase(sitewatch_mqtt_connection_losses_total{instance=~\"$instance\"}[1h]))", "losses")], w=3, h=4, ds=PROM,
        fieldcfg={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "orange", "value": 1}, {"color": "red", "value": 5}]}})
d.panel("stat", "Ingest paused", [("sitewatch_ingest_paused{instance=~\"$instance\"}", "{{instance}}")], w=3, h=4, ds=PROM,
        fieldcfg={"mappings": [{"type": "value", "options": {"0": {"text": "reading", "color": "green"}, "1": {"text": "PAUSED", "color": "orange"}}}]})
d.panel("stat", "Writer queue", [("sitewatch_ingest_writer_queue_depth{instance=~\"$instance\"}", "{{instance}}")], w=3, h=4, ds=PROM)
d.panel("stat", "Open alarms", [("sum(sitewatch_alarms_open{instance=~\"$instance\"}) by (level)", "{{level}}")], w=4, h=4, ds=PROM)
d.panel("stat", "SSE clients", [("sum(sitewatch_alarm_stream_clients{instance=~\"$instance\"})", "clients")], w=3, h=4, ds=PROM)
d.panel("stat", "Store errors (1h)", [("sum(increase(sitewatch_ingest_store_errors_total{instance=~\"$instance\"}[1h])) + sum(increase(sitewatch_alarm_store_errors_total{instance=~\"$instance\"}[1h]))", "errors")], w=4, h=4, ds=PROM)
d.panel("timeseries", "Messages per second", [
    ("sum by (channel) (rate(sitewatch_ingest_messages_received_total{instance=~\"$instance\"}[$__rate_interval]))", "received {{channel}}"),
    ("sum by (channel) (rate(sitewatch_ingest_messages_accepted_total{instance=~\"$instance\"}[$__rate_interval]))", "accepted {{channel}}")], w=12, h=8, unit="ops", ds=PROM)
d.panel("timeseries", "Rejected per second by reason", [
    ("sum by (reason) (rate(sitewatch_ingest_messages_rejected_total{instance=~\"$instance\"}[$__rate_interval])) > 0", "{{reason}}"),
    ("sum by (what) (rate(sitewatch_ingest_duplicates_total{instance=~\"$instance\"}[$__rate_interval])) > 0", "duplicate {{what}}")], w=12, h=8, unit="ops", ds=PROM)
d.panel("timeseries", "Ingest lag (device time → stored)", [
    (f"histogram_quantile({q}, sum by (le) (rate(sitewatch_ingest_lag_seconds_bucket{{instance=~\"$instance\"}}[$__rate_interval])))", f"p{int(q*100)}") for q in (0.5, 0.95, 0.99)], w=12, h=8, unit="s", ds=PROM)
d.panel("timeseries", "Batch commit time", [
    (f"histogram_quantile({q}, sum by (le) (rate(sitewatch_ingest_commit_seconds_bucket{{instance=~\"$instance\"}}[$__rate_interval])))", f"p{int(q*100)}") for q in (0.5, 0.99)], w=12, h=8, unit="s", ds=PROM)
d.panel("timeseries", "Writer queue and back-pressure", [
    ("sitewatch_ingest_writer_queue_depth{instance=~\"$instance\"}", "queue {{instance}}"),
    ("sitewatch_ingest_paused{instance=~\"$instance\"} * 20000", "paused (scaled to maxPendingMessages)")], w=12, h=8, ds=PROM)
d.panel("timeseries", "Alarm evaluation latency and transitions", [
    ("histogram_quantile(0.99, sum by (le) (rate(sitewatch_alarm_evaluation_latency_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))", "evaluation p99 (s)"),
    ("sum by (transition) (rate(sitewatch_alarms_transitions_total{instance=~\"$instance\"}[$__rate_interval]))", "{{transition}} /s")], w=12, h=8, ds=PROM)
d.panel("timeseries", "Dead letters per hour by reason", ["""
SELECT $__timeGroupAlias(received_at, '1h'), reason AS metric, count(*) AS messages
FROM dead_letter WHERE $__timeFilter(received_at)
GROUP BY 1, 2 ORDER BY 1"""], w=12, h=8)
d.panel("table", "离线设备 Devices offline now", ["""
SELECT s.region AS "区划", s.name AS "工地", a.device_id AS "设备", a.device_kind AS "类型", a.start_ts AS "离线自", ds.last_seen AS "最后消息"
FROM alarm a JOIN site s ON s.site_id = a.site_id LEFT JOIN device_seen ds ON ds.device_id = a.device_id
WHERE a.rule = 'device.offline' AND a.state <> 'cleared'
ORDER BY a.start_ts"""], w=12, h=8)
d.write("pipeline-health.json")
