// Regulator console: sites of the caller's regions, open alarms updated live, alarm detail with
// the metric around the alarm, acknowledge with a comment.
import {
  KINDS, addStrings, api, cityOf, ruleName, unitOf, fmtNum, fmtTime, h, lineChart, openStream, regionCovers, regionName, shell, t,
  translateStatic,
} from '../assets/common.js';

addStrings({
  zh: {
    title: '监管控制台', 'nav.rating': '星级评价', 'nav.admin': '系统管理', 'f.region': '区划', 'f.site': '工地', 'f.kind': '设备类型', 'f.level': '级别', 'f.all': '全部',
    'sites.title': '工地状态', 'col.site': '工地', 'col.region': '区划', 'col.offline': '离线设备',
    'alarms.title': '未解除告警', 'alarms.empty': '暂无告警', 'col.level': '级别', 'col.state': '状态',
    'col.device': '设备', 'col.rule': '规则', 'col.value': '值 / 阈值', 'col.start': '开始',
    'feed.title': '实时动态', close: '关闭', 'live.open': '实时连接', 'live.retrying': '正在重连…',
    'live.off': '未连接', 'live.denied': '无权订阅',
    'summary': '{sites} 个工地 · {alarm} 报警 · {warning} 预警',
    'd.title': '告警详情', 'd.site': '工地', 'd.device': '设备', 'd.kind': '设备类型', 'd.rule': '规则',
    'd.metric': '指标', 'd.value': '最大值', 'd.threshold': '阈值', 'd.start': '开始', 'd.end': '解除',
    'd.ack': '确认人', 'd.ackTs': '确认时间', 'd.comment': '处置意见', 'd.detail': '说明', 'd.history': '处理记录',
    'd.chart': '告警前后指标曲线', 'ack.comment': '处置意见（例如：已电话通知项目安全员停止吊装）',
    'ack.submit': '确认告警', 'ack.done': '已确认', 'ack.failed': '确认失败：{msg}', 'm.start': '开始', 'm.end': '解除',
    'k.sites': '工地', 'k.devices': '设备', 'k.open': '未解除告警', 'k.today': '今日告警', 'k.ack': '确认用时（中位数，30 天）',
    'k.trend': '近 30 天每日告警', 'k.online': '在线', 'k.off': '停机', 'k.offline': '离线', 'k.unknown': '未上报', 'k.none': '暂无', 'k.min': '{n} 分钟', 'k.s': '{n} 秒',
    'devices.title': '设备状态', 'col.conn': '连接', 'col.reason': '原因', 'col.since': '自',
    'conn.online': '在线', 'conn.off': '停机', 'conn.offline': '离线', 'conn.unknown': '未上报',
    'reason.power_off': '计划停机', 'reason.maintenance': '维修保养', 'reason.dismantled': '已拆除',
    'reason.outside_hours': '非作业时间', 'reason.out_of_service': '不在使用期',
  },
  en: {
    title: 'Regulator console', 'nav.rating': 'Star ratings', 'nav.admin': 'Administration', 'f.region': 'Region', 'f.site': 'Site', 'f.kind': 'Device kind', 'f.level': 'Level',
    'f.all': 'All', 'sites.title': 'Sites', 'col.site': 'Site', 'col.region': 'Region', 'col.offline': 'Offline devices',
    'alarms.title': 'Open alarms', 'alarms.empty': 'No open alarms', 'col.level': 'Level', 'col.state': 'State',
    'col.device': 'Device', 'col.rule': 'Rule', 'col.value': 'Value / threshold', 'col.start': 'Started',
    'feed.title': 'Live events', close: 'Close', 'live.open': 'Live', 'live.retrying': 'Reconnecting…',
    'live.off': 'Not connected', 'live.denied': 'Not allowed to subscribe',
    'summary': '{sites} sites · {alarm} alarms · {warning} warnings',
    'd.title': 'Alarm', 'd.site': 'Site', 'd.device': 'Device', 'd.kind': 'Device kind', 'd.rule': 'Rule',
    'd.metric': 'Metric', 'd.value': 'Worst value', 'd.threshold': 'Threshold', 'd.start': 'Started', 'd.end': 'Cleared',
    'd.ack': 'Acknowledged by', 'd.ackTs': 'Acknowledged at', 'd.comment': 'Comment', 'd.detail': 'Detail',
    'd.history': 'History', 'd.chart': 'The metric around the alarm',
    'ack.comment': 'Comment (e.g. phoned the site safety officer, lifting stopped)', 'ack.submit': 'Acknowledge',
    'ack.done': 'Acknowledged', 'ack.failed': 'Acknowledge failed: {msg}', 'm.start': 'start', 'm.end': 'clear',
    'k.sites': 'Sites', 'k.devices': 'Devices', 'k.open': 'Open alarms', 'k.today': 'Alarms today', 'k.ack': 'Time to acknowledge (median, 30 days)',
    'k.trend': 'Alarms per day, last 30 days', 'k.online': 'online', 'k.off': 'off', 'k.offline': 'offline', 'k.unknown': 'not heard from', 'k.none': 'none yet', 'k.min': '{n} min', 'k.s': '{n} s',
    'devices.title': 'Devices', 'col.conn': 'Connection', 'col.reason': 'Why', 'col.since': 'Since',
    'conn.online': 'Online', 'conn.off': 'Off', 'conn.offline': 'Offline', 'conn.unknown': 'Not heard from',
    'reason.power_off': 'Powered down', 'reason.maintenance': 'Maintenance', 'reason.dismantled': 'Dismantled',
    'reason.outside_hours': 'Outside working hours', 'reason.out_of_service': 'Out of service',
  },
});


const state = {
  sites: [],            // [{siteId, name, region, ...}] the caller may see
  siteById: new Map(),
  alarms: new Map(),    // open alarms by id (cleared ones are dropped)
  cleared: new Set(),   // ids cleared on the stream: a snapshot read before the clear must not bring them back
  feed: [],             // newest first, at most 50
  filter: { region: '', site: '', kind: '', level: '' },
  detailId: null,
  devices: null,        // the selected site's devices with their connections: {siteId, items, connections}
  summary: null,        // the overview's figures for the region filter (GET /api/v1/alarm-summary)
};

let summaryTimer = null;

/** The KPI cards' figures for the region chosen; read again a moment after each alarm event. */
async function loadSummary() {
  clearTimeout(summaryTimer);
  summaryTimer = null;
  const region = state.filter.region;
  try {
    state.summary = await api(`/api/v1/alarm-summary${region ? `?region=${region}` : ''}`);
  } catch (e) {
    state.summary = null;
  }
  renderKpis();
}

function renderKpis() {
  const box = document.getElementById('kpis');
  const s = state.summary;
  const sites = state.sites.filter((x) => regionCovers(state.filter.region, x.region)).length;
  const card = (key, main, sub, cls = '') => h('div', { class: `kpi ${cls}`, dataset: { kpi: key } },
    h('div', { class: 'kpi-label' }, t('k.' + key)), h('div', { class: 'kpi-value' }, main), sub ? h('div', { class: 'kpi-sub' }, sub) : null);
  if (!s) { box.replaceChildren(card('sites', String(sites))); return; }
  const d = s.devices;
  const ack = s.medianAckSeconds == null ? t('k.none') : s.medianAckSeconds >= 120
    ? t('k.min', { n: Math.round(s.medianAckSeconds / 60) }) : t('k.s', { n: Math.round(s.medianAckSeconds) });
  box.replaceChildren(
    card('sites', String(sites)),
    card('devices', h('span', {}, h('b', { class: 'k-online' }, d.online), ` ${t('k.online')} · `, h('b', { class: 'k-off' }, d.off),
      ` ${t('k.off')} · `, h('b', { class: 'k-offline' }, d.offline), ` ${t('k.offline')}`),
    d.unknown ? `${d.unknown} ${t('k.unknown')}` : null),
    card('open', h('span', {}, h('b', { class: 'count-alarm' }, s.openAlarms.alarm), ` ${t('level.alarm')} · `,
      h('b', { class: 'count-warning' }, s.openAlarms.warning), ` ${t('level.warning')}`), null, s.openAlarms.alarm ? 'hot' : ''),
    card('today', String(s.raisedToday)),
    card('ack', ack),
    h('div', { class: 'kpi trend', dataset: { kpi: 'trend' } }, h('div', { class: 'kpi-label' }, t('k.trend')), trendBars(s.perDay ?? [])));
}

/** Alarms (and warnings on top) per day over the last 30 days, as small bars with the day on hover. */
function trendBars(days) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const w = 300; const hgt = 48; const bw = w / Math.max(days.length, 1);
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('class', 'trend-bars');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('k.trend'));
  const max = Math.max(1, ...days.map((d) => d.alarm + d.warning));
  days.forEach((d, i) => {
    for (const [part, base, cls] of [[d.alarm, 0, 'bar-alarm'], [d.warning, d.alarm, 'bar-warning']]) {
      if (!part) continue;
      const r = document.createElementNS(ns, 'rect');
      const y = hgt - ((base + part) / max) * hgt;
      r.setAttribute('x', (i * bw + 1).toFixed(1)); r.setAttribute('width', (bw - 2).toFixed(1));
      r.setAttribute('y', y.toFixed(1)); r.setAttribute('height', ((part / max) * hgt).toFixed(1));
      r.setAttribute('class', cls);
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${d.date} · ${t('level.alarm')} ${d.alarm} · ${t('level.warning')} ${d.warning}`;
      r.append(title);
      svg.append(r);
    }
  });
  return svg;
}

shell({
  async check() {
    const sites = await api('/api/v1/sites');
    await api('/api/v1/alarms?limit=1');      // a rater or device-admin gets 403 here
    return sites.items;
  },
  onReady(sites) {
    state.sites = sites.sort((a, b) => a.region.localeCompare(b.region) || a.siteId.localeCompare(b.siteId));
    state.siteById = new Map(sites.map((s) => [s.siteId, s]));
    for (const [k, id] of [['region', 'f-region'], ['site', 'f-site'], ['kind', 'f-kind'], ['level', 'f-level']]) {
      document.getElementById(id).addEventListener('change', (e) => {
        state.filter[k] = e.target.value;
        if (k === 'region') state.filter.site = '';
        render();
        loadDevices();
        if (k === 'region') loadSummary();
      });
    }
    window.addEventListener('sitewatch:lang', () => { render(); renderDevices(); renderKpis(); if (detailOpen()) showDetail(state.detailId); });
    // Subscribe first, then load: an alarm raised in between arrives on the stream and the load
    // only adds what the stream has not already replaced.
    openStream('/api/v1/alarms/stream', (event, a) => { if (event === 'alarm') onAlarm(a); }, (s) => {
      const live = document.getElementById('live');
      live.dataset.state = s;
      live.textContent = t('live.' + s);
      if (s === 'open') reload();
    });
    reload();
    loadRecentFeed();
    loadSummary();
    setInterval(() => { if (!document.hidden) loadSummary(); }, 60_000);
    // A power-off or the end of a shift raises no alarm event: the selected site's devices are re-read now and then.
    setInterval(() => { if (state.filter.site && !document.hidden) loadDevices(); }, 30_000);
  },
});

/**
 * The feed starts with what happened before the page opened: the latest transitions read off the
 * last day's alarms (raised, acknowledged, cleared), newest first; the stream adds to it from then.
 */
async function loadRecentFeed() {
  const res = await api(`/api/v1/alarms?state=all&since=${Date.now() - 86_400_000}&limit=50`);
  const past = [];
  for (const a of res.items) {
    past.push({ ...a, transition: 'raised', at: a.startTs });
    if (a.ackTs) past.push({ ...a, transition: 'acknowledged', at: a.ackTs });
    if (a.endTs) past.push({ ...a, transition: 'cleared', at: a.endTs });
  }
  const live = new Set(state.feed.map((f) => `${f.id}:${f.transition}`));
  state.feed = state.feed.concat(past.filter((p) => !live.has(`${p.id}:${p.transition}`)))
    .sort((x, y) => y.at - x.at).slice(0, 50);
  render();
}

async function reload() {
  const res = await api('/api/v1/alarms?state=open&limit=1000');
  const fresh = new Map(res.items.filter((a) => !state.cleared.has(a.id)).map((a) => [a.id, a]));
  for (const [id, a] of state.alarms) {
    // keep a newer copy from the stream (its state may be ahead of the snapshot)
    if (fresh.has(id) && (a._at ?? 0) > (fresh.get(id).ackTs ?? fresh.get(id).startTs)) fresh.set(id, a);
  }
  state.alarms = fresh;
  render();
}

function onAlarm(a) {
  a._at = a.at ?? Date.now();
  if (a.state === 'cleared') {
    state.alarms.delete(a.id);
    state.cleared.add(a.id);
  } else {
    state.alarms.set(a.id, a);
  }
  if (a.siteId === state.filter.site) loadDevices();
  if (!summaryTimer) summaryTimer = setTimeout(loadSummary, 2000);
  state.feed.unshift(a);
  state.feed.length = Math.min(state.feed.length, 50);
  render();
  if (detailOpen() && state.detailId === a.id) showDetail(a.id);
}

/** An alarm acknowledged and then escalated needs acknowledging again: say so rather than plain "active". */
const stateLabel = (a) => (a.state === 'active' && a.ackTs ? t('state.reopened') : t('state.' + a.state));

const detailOpen = () => document.getElementById('detail').open && state.detailId != null;

function matches(a) {
  const f = state.filter;
  return (!f.region || regionCovers(f.region, a.region))
    && (!f.site || a.siteId === f.site)
    && (!f.kind || a.kind === f.kind)
    && (!f.level || a.level === f.level);
}

function options(select, values, current) {
  select.replaceChildren(h('option', { value: '' }, t('f.all')),
    ...values.map(([v, label]) => h('option', { value: v, selected: v === current }, label)));
}

function render() {
  translateStatic();
  const live = document.getElementById('live');
  live.textContent = t('live.' + live.dataset.state);
  const f = state.filter;
  const regions = [...new Set(state.sites.flatMap((s) => [cityOf(s.region), s.region]))].sort();
  options(document.getElementById('f-region'), regions.map((r) => [r, (r.endsWith('00') ? '' : '　') + regionName(r)]), f.region);
  const sites = state.sites.filter((s) => regionCovers(f.region, s.region));
  options(document.getElementById('f-site'), sites.map((s) => [s.siteId, s.name || s.siteId]), f.site);
  options(document.getElementById('f-kind'), KINDS.map((k) => [k, t('kind.' + k)]), f.kind);
  options(document.getElementById('f-level'), ['alarm', 'warning'].map((l) => [l, t('level.' + l)]), f.level);

  const open = [...state.alarms.values()];
  const bySite = new Map();
  for (const a of open) {
    const c = bySite.get(a.siteId) ?? { alarm: 0, warning: 0, offline: new Set() };
    if (a.rule === 'device.offline') c.offline.add(a.deviceId);
    else if (!f.kind || a.kind === f.kind) c[a.level]++;
    bySite.set(a.siteId, c);
  }
  // Ranked: the sites with the most open alarms first, then warnings, then offline devices.
  const weight = (s) => { const c = bySite.get(s.siteId); return c ? [c.alarm, c.warning, c.offline.size] : [0, 0, 0]; };
  const ranked = [...sites].sort((x, y) => {
    const a = weight(x); const b = weight(y);
    return b[0] - a[0] || b[1] - a[1] || b[2] - a[2] || x.region.localeCompare(y.region) || x.siteId.localeCompare(y.siteId);
  });
  document.querySelector('#sites tbody').replaceChildren(...ranked.map((s) => {
    const c = bySite.get(s.siteId) ?? { alarm: 0, warning: 0, offline: new Set() };
    const cls = c.alarm ? 'state-alarm' : c.warning ? 'state-warning' : c.offline.size ? 'state-offline' : 'state-ok';
    return h('tr', {
      class: `${cls} ${f.site === s.siteId ? 'selected' : ''}`, dataset: { siteId: s.siteId },
      onclick: () => { state.filter.site = state.filter.site === s.siteId ? '' : s.siteId; render(); loadDevices(); },
    }, h('td', {}, h('b', {}, s.name || s.siteId), h('div', { class: 'sub' }, s.siteId)), h('td', {}, regionName(s.region)),
    h('td', { class: 'num count-alarm' }, c.alarm), h('td', { class: 'num count-warning' }, c.warning),
    h('td', { class: 'num count-offline' }, c.offline.size));
  }));

  const shown = open.filter(matches).sort((x, y) => (x.level === y.level ? y.startTs - x.startTs : x.level === 'alarm' ? -1 : 1));
  document.querySelector('#alarms tbody').replaceChildren(...shown.map((a) => h('tr', {
    class: `level-${a.level} state-${a.state}`, dataset: { alarmId: a.id, deviceId: a.deviceId, rule: a.rule }, tabindex: 0,
    onclick: () => showDetail(a.id), onkeydown: (e) => { if (e.key === 'Enter') showDetail(a.id); },
  }, h('td', {}, h('span', { class: `pill ${a.level}` }, t('level.' + a.level))),
  h('td', { class: 'alarm-state' }, stateLabel(a)),
  h('td', {}, state.siteById.get(a.siteId)?.name ?? a.siteId),
  h('td', {}, a.deviceId, h('div', { class: 'sub' }, t('kind.' + a.kind))),
  h('td', {}, ruleName(a.rule)),
  h('td', { class: 'num' }, `${fmtNum(a.value)} / ${fmtNum(a.threshold)} ${unitOf(a.metric)}`.trim()),
  h('td', {}, fmtTime(a.startTs)))));
  document.getElementById('alarms-empty').hidden = shown.length > 0;
  document.getElementById('alarm-count').textContent = shown.length;
  const tot = shown.reduce((m, a) => { m[a.level]++; return m; }, { alarm: 0, warning: 0 });
  document.getElementById('summary').textContent = t('summary', { sites: sites.length, ...tot });

  document.getElementById('feed').replaceChildren(...state.feed.filter(matches).map((a) => h('li', {
    class: `level-${a.level}`, dataset: { alarmId: a.id, transition: a.transition }, onclick: () => showDetail(a.id),
  }, h('time', {}, fmtTime(a.at).slice(11)), ' ', h('span', { class: `pill ${a.level}` }, t('level.' + a.level)), ' ',
  h('b', {}, t('tr.' + a.transition)), ' ', state.siteById.get(a.siteId)?.name ?? a.siteId, ' · ', a.deviceId, ' · ',
  ruleName(a.rule))));
}

/**
 * The selected site's devices and how each is connected: online, off (powered down on purpose,
 * or outside the site's working hours: not a fault) or offline (silent while expected: a fault).
 */
async function loadDevices() {
  const siteId = state.filter.site;
  if (!siteId) {
    state.devices = null;
    renderDevices();
    return;
  }
  try {
    const res = await api(`/api/v1/sites/${encodeURIComponent(siteId)}/devices`);
    if (state.filter.site !== siteId) return;
    state.devices = { siteId, items: res.items, connections: res.connections ?? {} };
  } catch (e) {
    state.devices = { siteId, items: [], connections: {}, error: e.message };
  }
  renderDevices();
}

function renderDevices() {
  const panel = document.getElementById('devices-panel');
  const d = state.devices;
  panel.hidden = !d;
  if (!d) return;
  document.getElementById('devices-site').textContent = state.siteById.get(d.siteId)?.name ?? d.siteId;
  document.querySelector('#devices tbody').replaceChildren(...d.items.map((dev) => {
    const c = d.connections[dev.deviceId];
    const st = c?.state ?? 'unknown';
    return h('tr', { dataset: { deviceId: dev.deviceId, conn: st } },
      h('td', {}, dev.name || dev.deviceId, h('div', { class: 'sub' }, dev.deviceId)),
      h('td', {}, t('kind.' + dev.kind)),
      h('td', {}, h('span', { class: `conn ${st}` }, t('conn.' + st))),
      h('td', { class: 'conn-reason' }, c?.reason ? t('reason.' + c.reason) : ''),
      h('td', {}, c?.since ? fmtTime(c.since) : ''));
  }));
}

async function showDetail(id) {
  state.detailId = id;
  const dialog = document.getElementById('detail');
  const body = document.getElementById('detail-body');
  if (!dialog.open) {
    dialog.showModal();
    dialog.addEventListener('close', () => { state.detailId = null; }, { once: true });
  }
  let a;
  try {
    a = await api(`/api/v1/alarms/${encodeURIComponent(id)}`);
  } catch (e) {
    body.replaceChildren(h('p', { class: 'error' }, e.message));
    return;
  }
  if (state.detailId !== id) return;
  const site = state.siteById.get(a.siteId);
  const row = (k, v) => (v == null || v === '' ? null : [h('dt', {}, t(k)), h('dd', {}, v)]);
  const chartBox = h('div', { class: 'chart-box' });
  // a live update re-renders the detail: keep what the user is typing
  const typed = body.dataset.alarmId === id ? document.getElementById('ack-comment')?.value ?? '' : '';
  body.dataset.alarmId = id;
  const comment = h('textarea', { id: 'ack-comment', rows: 2, maxlength: 500, placeholder: t('ack.comment') });
  comment.value = typed;
  const msg = h('p', { class: 'ack-msg', role: 'status' });
  const ackForm = a.state === 'active' ? h('form', {
    class: 'ack', onsubmit: async (ev) => {
      ev.preventDefault();
      ev.submitter && (ev.submitter.disabled = true);
      try {
        const updated = await api(`/api/v1/alarms/${encodeURIComponent(a.id)}/ack`, { method: 'POST', body: { comment: comment.value.trim() } });
        updated._at = Date.now();
        if (updated.state === 'cleared') state.alarms.delete(updated.id); else state.alarms.set(updated.id, updated);
        render();
        showDetail(a.id);
      } catch (e) {
        msg.textContent = t('ack.failed', { msg: e.message });
        ev.submitter && (ev.submitter.disabled = false);
      }
    },
  }, comment, h('button', { type: 'submit', id: 'ack-submit' }, t('ack.submit')), msg) : null;

  body.replaceChildren(...[
    h('h2', {}, h('span', { class: `pill ${a.level}` }, t('level.' + a.level)), ' ', ruleName(a.rule),
      ' ', h('span', { class: `state-tag ${a.state}`, id: 'detail-state' }, stateLabel(a))),
    h('dl', { class: 'facts' },
      row('d.site', `${site?.name ?? a.siteId} (${a.siteId}) · ${regionName(a.region)}`),
      row('d.device', a.deviceId), row('d.kind', t('kind.' + a.kind)), row('d.rule', a.rule), row('d.metric', a.metric),
      row('d.value', fmtNum(a.value)), row('d.threshold', a.threshold == null ? null : fmtNum(a.threshold)),
      row('d.start', fmtTime(a.startTs)), row('d.end', a.endTs ? fmtTime(a.endTs) : null),
      row('d.ack', a.ackBy), row('d.ackTs', a.ackTs ? fmtTime(a.ackTs) : null), row('d.comment', a.ackComment),
      row('d.detail', document.documentElement.lang === 'en' ? a.detail : a.detailZh ?? a.detail)),
    a.metric ? h('h3', {}, t('d.chart')) : null, a.metric ? chartBox : null,
    ackForm,
    h('h3', {}, t('d.history')),
    h('ol', { class: 'history' }, (a.history ?? []).map((e) => h('li', {},
      h('time', {}, fmtTime(e.at)), ' ', h('b', {}, t('tr.' + e.transition)), ' ', t('level.' + e.level),
      e.action ? ` · ${t('action.' + e.action)}` : '',
      e.value != null ? ` · ${fmtNum(e.value)}` : '', ` · ${e.by}`, e.comment ? ` · “${e.comment}”` : ''))),
  ].filter((c) => c != null));
  if (a.metric) drawChart(a, chartBox);
}

async function drawChart(a, box) {
  const now = Date.now();
  const from = a.startTs - 10 * 60_000;
  const to = Math.min(now, (a.endTs ?? now) + 5 * 60_000);
  const wide = to - from > 2 * 3600_000;
  const q = `metric=${encodeURIComponent(a.metric)}&from=${from}&to=${to}${wide ? '&bucket=60' : ''}`;
  try {
    const res = await api(`/api/v1/devices/${encodeURIComponent(a.deviceId)}/telemetry?${q}`);
    const pts = res.points ?? res.buckets ?? [];
    const markers = [{ ts: a.startTs, label: t('m.start'), cls: 'start' }];
    if (a.endTs) markers.push({ ts: a.endTs, label: t('m.end'), cls: 'end' });
    box.replaceChildren(lineChart(pts, { threshold: a.threshold, markers, unit: unitOf(a.metric) }));
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error' }, e.message));
  }
}
