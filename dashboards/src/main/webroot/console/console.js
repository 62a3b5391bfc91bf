// Regulator console: the overview of the caller's regions (KPI cards, the schematic district map
// shaded by open alarms with a marker per site, the region tree, the sites ranked by open alarms,
// one page at a time), open alarms updated live, alarm detail with the metric around the alarm,
// acknowledge with a comment. Made for 10,000 sites: the server aggregates (GET /api/v1/overview)
// and pages (GET /api/v1/overview/sites); the page never reads every site's detail.
import {
  KINDS, addStrings, api, ruleName, unitOf, fmtNum, fmtTime, h, lineChart, openStream, regionCovers, regionLabel, regionName,
  shell, t, translateStatic, code, who,
} from '../assets/common.js';
import { SHADES, districtMap } from './map.js';
import { regionTree } from './tree.js';

addStrings({
  zh: {
    title: '监管控制台', 'nav.rating': '星级评价', 'nav.admin': '系统管理', 'f.region': '区划', 'f.site': '工地', 'f.kind': '设备类型', 'f.level': '级别', 'f.all': '全部',
    'f.clear': '清除所选工地', 'f.scope': '全部辖区',
    'sites.title': '工地状态', 'col.site': '工地', 'col.region': '区划', 'col.offline': '离线设备',
    'sites.search': '搜索工地', 'sites.searchPh': '搜索工地名称或编号', 'sites.none': '没有符合条件的工地',
    'page.prev': '上一页', 'page.next': '下一页', 'page.nav': '工地列表翻页', 'k.title': '概览', 'page.info': '第 {from}–{to} 个，共 {total} 个', 'page.empty': '共 0 个',
    'tree.title': '区划', 'tree.expand': '展开{name}', 'tree.collapse': '收起{name}', 'tree.counts': '{sites} 个工地，{alarms} 条未解除告警',
    'map.title': '辖区地图', 'map.schematic': '示意图，界线不作为权属依据', 'map.label': '辖区地图（示意图）：各县区按未解除告警着色，每个圆点是一个工地',
    'map.outOfScope': '不在辖区内', 'map.district': '{name} · {sites} 个工地 · 报警 {alarm} · 预警 {warning} · 离线设备 {offline}',
    'map.legend.open': '未解除告警（报警与预警）', 'map.legend.none': '无', 'map.legend.site': '工地：', 'map.m.alarm': '有报警', 'map.m.warning': '有预警',
    'map.m.offline': '有离线设备', 'map.m.ok': '正常',
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
    'f.all': 'All', 'f.clear': 'Clear the chosen site', 'f.scope': 'All my regions',
    'sites.title': 'Sites', 'col.site': 'Site', 'col.region': 'Region', 'col.offline': 'Offline devices',
    'sites.search': 'Find a site', 'sites.searchPh': 'Find a site by name or id', 'sites.none': 'No site matches',
    'page.prev': 'Previous', 'page.next': 'Next', 'page.nav': 'Pages of sites', 'k.title': 'Overview', 'page.info': '{from}–{to} of {total}', 'page.empty': 'none',
    'tree.title': 'Regions', 'tree.expand': 'Expand {name}', 'tree.collapse': 'Collapse {name}', 'tree.counts': '{sites} sites, {alarms} open alarms',
    'map.title': 'Map of the regions', 'map.schematic': 'Schematic map, not authoritative boundaries',
    'map.label': 'Map of the regions (schematic): districts shaded by open alarms, one dot per site',
    'map.outOfScope': 'outside your regions', 'map.district': '{name} · {sites} sites · {alarm} alarms · {warning} warnings · {offline} offline devices',
    'map.legend.open': 'Open alarms and warnings', 'map.legend.none': 'none', 'map.legend.site': 'Sites:', 'map.m.alarm': 'alarm', 'map.m.warning': 'warning',
    'map.m.offline': 'device offline', 'map.m.ok': 'normal',
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

const PAGE = 20;

const state = {
  scope: ['350000'],    // the codes the caller may see: a regulator's regions, else the province
  overview: null,       // GET /api/v1/overview: per district and a marker per site
  counts: new Map(),    // district code → its counts in the overview
  names: new Map(),     // site id → name, as far as read (ranked pages, /api/v1/sites?ids=)
  page: { offset: 0, total: 0, items: [], q: '' },
  alarms: new Map(),    // open alarms by id (cleared ones are dropped)
  cleared: new Set(),   // ids cleared on the stream: a snapshot read before the clear must not bring them back
  feed: [],             // newest first, at most 50
  filter: { region: '', site: '', kind: '', level: '' },
  detailId: null,
  devices: null,        // the selected site's devices with their connections: {siteId, items, connections}
  summary: null,        // the KPI cards' figures for the region filter (GET /api/v1/alarm-summary)
};

let map = null;
let tree = null;

const siteName = (id) => state.names.get(id) ?? id;
const regionParam = () => (state.filter.region ? `region=${state.filter.region}` : '');

let summaryTimer = null;

/** The KPI cards' figures for the region chosen; read again a moment after each alarm event. */
async function loadSummary() {
  clearTimeout(summaryTimer);
  summaryTimer = null;
  try {
    state.summary = await api(`/api/v1/alarm-summary?${regionParam()}`);
  } catch (e) {
    state.summary = null;
  }
  renderKpis();
}

/** Sites in the region chosen (or the whole scope), from the overview's districts. */
function sitesInFilter() {
  let n = 0;
  for (const [code, c] of state.counts) if (regionCovers(state.filter.region, code)) n += c.sites;
  return n;
}

function renderKpis() {
  const box = document.getElementById('kpis');
  const s = state.summary;
  const sites = sitesInFilter();
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

// ------------------------------------------------------------------ overview, map, tree, ranked sites

// The map's shapes are static: fetched while the page signs in (a failure shows once awaited).
const geoMap = fetch('../assets/fujian-districts.geojson').then((r) => {
  if (!r.ok) throw new Error(`fujian-districts.geojson: HTTP ${r.status}`);
  return r.json();
});
geoMap.catch(() => {});

function applyOverview(ov) {
  state.overview = ov;
  state.counts = new Map(ov.districts.map((d) => [d.code, d]));
}

function applyPage(p) {
  state.page.items = p.items;
  state.page.total = p.total;
  state.page.offset = p.offset;
  for (const s of p.items) state.names.set(s.siteId, s.name);
}

async function loadOverview() {
  applyOverview(await api('/api/v1/overview'));
  drawMap();
  renderTree();
  renderKpis();
}

let pageSeq = 0;
async function loadPage() {
  const seq = ++pageSeq;
  const q = state.page.q ? `&q=${encodeURIComponent(state.page.q)}` : '';
  const p = await api(`/api/v1/overview/sites?${regionParam()}&offset=${state.page.offset}&limit=${PAGE}${q}`);
  if (seq !== pageSeq) return; // a later request (another page or filter) wins
  applyPage(p);
  renderSites();
}

/**
 * After alarm events: the overview and the ranked page are read again, at most every 2 s however
 * many events arrive, and 300 ms after the first (a burst of transitions is read once).
 */
let refreshTimer = null;
let lastRefresh = 0;
function scheduleRefresh() {
  if (refreshTimer) return;
  const wait = Math.max(300, 2000 - (Date.now() - lastRefresh));
  refreshTimer = setTimeout(async () => {
    lastRefresh = Date.now();
    try {
      await Promise.all([loadOverview(), loadPage()]);
    } finally {
      refreshTimer = null;
    }
  }, wait);
}

function districtTitle(x, c) {
  return t('map.district', { name: currentName(x), sites: c?.sites ?? 0, alarm: c?.alarm ?? 0, warning: c?.warning ?? 0, offline: c?.offline ?? 0 });
}
const currentName = (x) => (document.documentElement.lang === 'en' ? x.en : x.zh);

function drawMap() {
  if (!map || !state.overview) return;
  map.update({
    scope: state.scope,
    focus: state.filter.region ? [state.filter.region] : state.scope,
    selectedRegion: state.filter.region,
    selectedSite: state.filter.site,
    overview: state.overview,
    siteTitle: (id) => siteName(id),
  });
  document.getElementById('map').setAttribute('aria-label', t('map.label'));
}

function renderLegend() {
  const swatch = (cls) => h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' });
  const dot = (cls) => h('span', { class: `dot ${cls}`, 'aria-hidden': 'true' });
  document.getElementById('map-legend').replaceChildren(
    h('li', { class: 'legend-title' }, t('map.legend.open')),
    ...SHADES.map(([lo, hi], i) => h('li', {}, swatch(`shade-${i}`),
      lo === 0 ? t('map.legend.none') : hi === Infinity ? `≥ ${lo}` : lo === hi ? String(lo) : `${lo}–${hi}`)),
    h('li', { class: 'legend-title' }, t('map.legend.site')),
    ...['alarm', 'warning', 'offline', 'ok'].map((k) => h('li', {}, dot(`m-${k}`), t(`map.m.${k}`))));
}

function renderTree() {
  if (tree) tree.render({ scope: state.scope, selected: state.filter.region, counts: state.counts });
}

function renderSites() {
  const f = state.filter;
  const p = state.page;
  document.querySelector('#sites tbody').replaceChildren(...p.items.map((s) => {
    const cls = s.alarm ? 'state-alarm' : s.warning ? 'state-warning' : s.offline ? 'state-offline' : 'state-ok';
    return h('tr', {
      class: `${cls} ${f.site === s.siteId ? 'selected' : ''}`, dataset: { siteId: s.siteId }, tabindex: 0,
      onclick: () => selectSite(f.site === s.siteId ? '' : s.siteId),
      onkeydown: (e) => { if (e.key === 'Enter') selectSite(f.site === s.siteId ? '' : s.siteId); },
    }, h('td', {}, h('b', {}, s.name || s.siteId), h('div', { class: 'sub' }, s.siteId)), h('td', {}, regionName(s.region)),
    h('td', { class: 'num count-alarm' }, s.alarm), h('td', { class: 'num count-warning' }, s.warning),
    h('td', { class: 'num count-offline' }, s.offline));
  }));
  if (!p.items.length) {
    document.querySelector('#sites tbody').append(h('tr', { class: 'empty-row' }, h('td', { colspan: 5, class: 'empty' }, t('sites.none'))));
  }
  document.getElementById('sites-total').textContent = p.total;
  document.getElementById('page-info').textContent = p.total
    ? t('page.info', { from: p.offset + 1, to: p.offset + p.items.length, total: p.total }) : t('page.empty');
  document.getElementById('page-prev').disabled = p.offset === 0;
  document.getElementById('page-next').disabled = p.offset + PAGE >= p.total;
}

function setRegion(code) {
  state.filter.region = code;
  if (state.filter.site && !siteInRegion(state.filter.site)) state.filter.site = '';
  state.page.offset = 0;
  render();
  drawMap();
  renderTree();
  renderKpis();
  loadPage();
  loadSummary();
  loadDevices();
}

/** Whether the chosen site lies in the region filter (from the overview's markers). */
function siteInRegion(siteId) {
  const m = state.overview?.markers;
  const row = m?.rows.find((r) => r[0] === siteId);
  return !row || regionCovers(state.filter.region, row[1]);
}

function selectSite(siteId) {
  state.filter.site = siteId;
  if (siteId) ensureNames([siteId]);
  render();
  renderSites();
  drawMap();
  loadDevices();
}

/** Reads the names of sites not seen yet on a ranked page (alarms and feed of other sites), 500 at a time. */
let namesPending = new Set();
let namesTimer = null;
function ensureNames(ids) {
  for (const id of ids) if (!state.names.has(id)) namesPending.add(id);
  if (!namesPending.size || namesTimer) return;
  namesTimer = setTimeout(async () => {
    const wanted = [...namesPending].slice(0, 500);
    namesPending = new Set([...namesPending].slice(500));
    namesTimer = null;
    try {
      const res = await api(`/api/v1/sites?ids=${wanted.map(encodeURIComponent).join(',')}`);
      for (const s of res.items) state.names.set(s.siteId, s.name);
      for (const id of wanted) if (!state.names.has(id)) state.names.set(id, id);
    } catch (e) {
      for (const id of wanted) state.names.set(id, id);
    }
    render();
    renderDevices();
    if (namesPending.size) ensureNames([]);
  }, 50);
}

function markReady() {
  // Once the KPI cards, the map and the first page of sites are on screen (after the next frame).
  requestAnimationFrame(() => setTimeout(() => {
    document.body.dataset.ready = String(Math.round(performance.now()));
  }, 0));
}

shell({
  async check() {
    // Everything the first screen shows, at once; a rater or device-admin gets 403 on the overview.
    const [overview, page, summary, geo] = await Promise.all([
      api('/api/v1/overview'), api(`/api/v1/overview/sites?limit=${PAGE}`), api('/api/v1/alarm-summary').catch(() => null),
      geoMap.catch((e) => ({ error: e.message }))]);
    return { overview, page, summary, geo };
  },
  onReady({ overview, page, summary, geo }) {
    applyOverview(overview);
    applyPage(page);
    state.summary = summary;
    state.scope = overview.regions?.length ? overview.regions : ['350000'];
    if (geo.error) {
      // Without its shapes the map says why; the rest of the console works.
      document.getElementById('map').replaceWith(h('p', { class: 'error', id: 'map' }, t('err.network', { msg: geo.error })));
    } else {
      map = districtMap(document.getElementById('map'), geo, {
        onDistrict: (code) => setRegion(state.filter.region === code ? '' : code),
        onSite: (id) => selectSite(state.filter.site === id ? '' : id),
        districtTitle,
      });
      tree = regionTree(document.getElementById('region-tree'), map.districts, { onSelect: setRegion });
    }
    renderLegend();
    render();
    renderKpis();
    renderTree();
    renderSites();
    drawMap();
    markReady();

    for (const [k, id] of [['kind', 'f-kind'], ['level', 'f-level']]) {
      document.getElementById(id).addEventListener('change', (e) => { state.filter[k] = e.target.value; render(); });
    }
    document.getElementById('f-site-clear').addEventListener('click', () => selectSite(''));
    let qTimer = null;
    document.getElementById('site-q').addEventListener('input', (e) => {
      clearTimeout(qTimer);
      qTimer = setTimeout(() => { state.page.q = e.target.value.trim(); state.page.offset = 0; loadPage(); }, 250);
    });
    document.getElementById('page-prev').addEventListener('click', () => { state.page.offset = Math.max(0, state.page.offset - PAGE); loadPage(); });
    document.getElementById('page-next').addEventListener('click', () => { state.page.offset += PAGE; loadPage(); });
    window.addEventListener('sitewatch:lang', () => {
      render(); renderDevices(); renderKpis(); renderLegend(); renderTree(); renderSites(); drawMap();
      if (detailOpen()) showDetail(state.detailId);
    });
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
    setInterval(() => { if (!document.hidden) { loadSummary(); loadOverview(); } }, 60_000);
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
  scheduleRefresh();
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

/** The filter bar, the open alarms and the feed (the map, tree and ranked sites draw themselves). */
function render() {
  translateStatic();
  const live = document.getElementById('live');
  live.textContent = t('live.' + live.dataset.state);
  const f = state.filter;
  document.getElementById('f-region-name').textContent = f.region ? regionLabel(f.region) : t('f.scope');
  document.getElementById('f-site').hidden = !f.site;
  document.getElementById('f-site-name').textContent = f.site ? siteName(f.site) : '';
  document.getElementById('f-site-clear').setAttribute('aria-label', t('f.clear'));
  document.querySelector('.pager').setAttribute('aria-label', t('page.nav'));
  document.getElementById('kpis').setAttribute('aria-label', t('k.title'));
  options(document.getElementById('f-kind'), KINDS.map((k) => [k, t('kind.' + k)]), f.kind);
  options(document.getElementById('f-level'), ['alarm', 'warning'].map((l) => [l, t('level.' + l)]), f.level);

  const open = [...state.alarms.values()];
  const shown = open.filter(matches).sort((x, y) => (x.level === y.level ? y.startTs - x.startTs : x.level === 'alarm' ? -1 : 1));
  const feed = state.feed.filter(matches);
  ensureNames([...shown, ...feed].map((a) => a.siteId));
  document.querySelector('#alarms tbody').replaceChildren(...shown.map((a) => h('tr', {
    class: `level-${a.level} state-${a.state}`, dataset: { alarmId: a.id, deviceId: a.deviceId, rule: a.rule }, tabindex: 0,
    onclick: () => showDetail(a.id), onkeydown: (e) => { if (e.key === 'Enter') showDetail(a.id); },
  }, h('td', {}, h('span', { class: `pill ${a.level}` }, t('level.' + a.level))),
  h('td', { class: 'alarm-state' }, stateLabel(a)),
  h('td', {}, siteName(a.siteId)),
  h('td', {}, a.deviceId, h('div', { class: 'sub' }, t('kind.' + a.kind))),
  h('td', {}, ruleName(a.rule)),
  h('td', { class: 'num' }, `${fmtNum(a.value)} / ${fmtNum(a.threshold)} ${unitOf(a.metric)}`.trim()),
  h('td', {}, fmtTime(a.startTs)))));
  document.getElementById('alarms-empty').hidden = shown.length > 0;
  document.getElementById('alarm-count').textContent = shown.length;
  const tot = shown.reduce((m, a) => { m[a.level]++; return m; }, { alarm: 0, warning: 0 });
  document.getElementById('summary').textContent = t('summary', { sites: sitesInFilter(), ...tot });

  document.getElementById('feed').replaceChildren(...feed.map((a) => h('li', {
    class: `level-${a.level}`, dataset: { alarmId: a.id, transition: a.transition }, onclick: () => showDetail(a.id),
  }, h('time', {}, fmtTime(a.at).slice(11)), ' ', h('span', { class: `pill ${a.level}` }, t('level.' + a.level)), ' ',
  h('b', {}, t('tr.' + a.transition)), ' ', siteName(a.siteId), ' · ', a.deviceId, ' · ',
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
  document.getElementById('devices-site').textContent = siteName(d.siteId);
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
  const siteLabel = siteName(a.siteId);
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
      row('d.site', [`${siteLabel} (`, code(a.siteId), `) · ${regionName(a.region)}`]),
      row('d.device', code(a.deviceId)), row('d.kind', t('kind.' + a.kind)), row('d.rule', code(a.rule)), row('d.metric', code(a.metric)),
      row('d.value', fmtNum(a.value)), row('d.threshold', a.threshold == null ? null : fmtNum(a.threshold)),
      row('d.start', fmtTime(a.startTs)), row('d.end', a.endTs ? fmtTime(a.endTs) : null),
      row('d.ack', a.ackBy ? who(a.ackBy) : null), row('d.ackTs', a.ackTs ? fmtTime(a.ackTs) : null), row('d.comment', a.ackComment),
      row('d.detail', document.documentElement.lang === 'en' ? a.detail : a.detailZh ?? a.detail)),
    a.metric ? h('h3', {}, t('d.chart')) : null, a.metric ? chartBox : null,
    ackForm,
    h('h3', {}, t('d.history')),
    h('ol', { class: 'history' }, (a.history ?? []).map((e) => h('li', {},
      h('time', {}, fmtTime(e.at)), ' ', h('b', {}, t('tr.' + e.transition)), ' ', t('level.' + e.level),
      e.action ? ` · ${t('action.' + e.action)}` : '',
      e.value != null ? ` · ${fmtNum(e.value)}` : '', ' · ', who(e.by), e.comment ? ` · “${e.comment}”` : ''))),
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
    box.replaceChildren(lineChart(pts, { threshold: a.threshold, markers, unit: unitOf(a.metric), label: t('d.chart') }));
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error' }, e.message));
  }
}
