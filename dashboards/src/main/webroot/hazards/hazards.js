// The hazard ledger (重大事故隐患台账) and its 动态清零 board, for regulators and admins: hazards in the
// caller's regions with their history, the review of a site's rectification (accept: closed;
// reject with a comment: open again), a regulator's own report, and per region and site the open
// majors, the overdue ones, the oldest and this month's closed, with the trend of open majors.
import {
  addStrings, api, cityOf, fmtTime, h, regionCovers, regionName, ruleName, shell, t, translateStatic, code, who,
} from '../assets/common.js';
import { HAZARD_STRINGS, categoryText, clauseLabel, clauseOf, hazardText } from '../assets/hazard-common.js';

addStrings(HAZARD_STRINGS);
addStrings({
  zh: {
    title: '重大事故隐患台账 · 动态清零', 'nav.console': '监管控制台', 'nav.rating': '星级评价',
    'f.region': '区划', 'f.site': '工地', 'f.state': '状态', 'f.level': '等级', 'f.overdue': '仅看逾期', 'f.all': '全部',
    'board.title': '动态清零看板', 'board.hint': '未销号的重大隐患（含已整改待复查）、逾期未整改、最久未销号的天数、本月销号。',
    'board.empty': '辖区内暂无重大隐患', 'ledger.title': '隐患台账', 'ledger.empty': '没有符合条件的隐患',
    'col.where': '区划 / 工地', 'col.open': '未销号', 'col.review': '待复查', 'col.overdue': '逾期', 'col.oldest': '最久（天）',
    'col.closed': '本月销号', 'col.level': '等级', 'col.state': '状态', 'col.site': '工地', 'col.clause': '判定依据',
    'col.text': '隐患描述', 'col.source': '来源', 'col.reported': '发现', 'col.deadline': '整改期限',
    'k.openMajors': '未销号重大隐患', 'k.overdueMajors': '逾期未整改', 'k.rectifiedMajors': '已整改待复查',
    'k.oldest': '最久未销号', 'k.closedThisMonth': '本月销号', 'k.openGeneral': '未销号一般隐患', 'k.trend': '近 30 天未销号重大隐患',
    'k.days': '{n} 天', 'k.none': '无',
    'd.title': '隐患详情', 'd.site': '工地', 'd.clause': '判定依据', 'd.category': '类别', 'd.text': '描述', 'd.source': '来源',
    'd.device': '设备', 'd.location': '部位', 'd.reportedBy': '发现人', 'd.reported': '发现时间', 'd.deadline': '整改期限',
    'd.rectified': '整改时间', 'd.closed': '销号时间', 'd.photo': '照片指纹', 'd.history': '处理记录', 'd.alarms': '关联告警（证据）',
    'd.confirmed': '数据印证', 'd.confirmed.yes': '告警均已解除，整改后未再发生', 'd.confirmed.no': '告警未解除或整改后再次发生',
    'd.cleared': '已解除 {t}', 'd.open': '未解除',
    'r.title': '复查', 'r.comment': '复查意见（不通过时必填）', 'r.accept': '复查通过，销号', 'r.reject': '不通过，退回整改',
    'r.failed': '提交失败：{msg}', 'r.needComment': '退回整改时请填写复查意见',
    'new.open': '登记隐患', 'new.title': '登记重大/一般隐患', 'new.category': '类别',
    'new.clause': '判定标准条款（可选，如 2024-8-1 = 第八条(一)）', 'new.text': '隐患描述', 'new.location': '部位（可选）',
    'new.submit': '登记', 'new.failed': '登记失败：{msg}', close: '关闭',
  },
  en: {
    title: 'Major hazard ledger · cleared continuously', 'nav.console': 'Regulator console', 'nav.rating': 'Star ratings',
    'f.region': 'Region', 'f.site': 'Site', 'f.state': 'State', 'f.level': 'Level', 'f.overdue': 'Overdue only', 'f.all': 'All',
    'board.title': 'Clearance board', 'board.hint': 'Major hazards not yet closed (including rectified ones awaiting review), overdue ones, the oldest, and those closed this month.',
    'board.empty': 'No major hazards in your regions', 'ledger.title': 'Hazard ledger', 'ledger.empty': 'No hazards match',
    'col.where': 'Region / site', 'col.open': 'Not closed', 'col.review': 'Awaiting review', 'col.overdue': 'Overdue',
    'col.oldest': 'Oldest (days)', 'col.closed': 'Closed this month', 'col.level': 'Level', 'col.state': 'State', 'col.site': 'Site',
    'col.clause': 'Clause', 'col.text': 'Hazard', 'col.source': 'Source', 'col.reported': 'Found', 'col.deadline': 'Deadline',
    'k.openMajors': 'Major hazards not closed', 'k.overdueMajors': 'Overdue', 'k.rectifiedMajors': 'Rectified, awaiting review',
    'k.oldest': 'Oldest not closed', 'k.closedThisMonth': 'Closed this month', 'k.openGeneral': 'General hazards not closed',
    'k.trend': 'Major hazards not closed, last 30 days', 'k.days': '{n} days', 'k.none': 'none',
    'd.title': 'Hazard', 'd.site': 'Site', 'd.clause': 'Clause', 'd.category': 'Category', 'd.text': 'Description', 'd.source': 'Source',
    'd.device': 'Device', 'd.location': 'Where', 'd.reportedBy': 'Found by', 'd.reported': 'Found at', 'd.deadline': 'Deadline',
    'd.rectified': 'Rectified at', 'd.closed': 'Closed at', 'd.photo': 'Photo fingerprint', 'd.history': 'History',
    'd.alarms': 'Alarms (evidence)', 'd.confirmed': 'Confirmed by data',
    'd.confirmed.yes': 'Its alarms have cleared and none came back since the rectification',
    'd.confirmed.no': 'An alarm is still open or came back after the rectification', 'd.cleared': 'cleared {t}', 'd.open': 'open',
    'r.title': 'Review', 'r.comment': 'Review comment (required to reject)', 'r.accept': 'Accept and close', 'r.reject': 'Reject: rectify again',
    'r.failed': 'Could not submit: {msg}', 'r.needComment': 'Say in the comment what is still wrong',
    'new.open': 'Report a hazard', 'new.title': 'Report a major or general hazard', 'new.category': 'Category',
    'new.clause': 'Clause of the standard (optional, e.g. 2024-8-1 = Art. 8 (1))', 'new.text': 'Description',
    'new.location': 'Where (optional)', 'new.submit': 'Report', 'new.failed': 'Could not report: {msg}', close: 'Close',
  },
});

const state = {
  sites: [],
  siteById: new Map(),
  filter: { region: '', site: '', state: 'all', level: '', overdue: false },
  board: null,
  hazards: [],
  detail: null,
};

shell({
  async check() {
    const sites = await api('/api/v1/sites');
    await api('/api/v1/hazards?limit=1');
    return sites.items;
  },
  onReady(sites) {
    state.sites = sites;
    state.siteById = new Map(sites.map((s) => [s.siteId, s]));
    window.addEventListener('sitewatch:lang', () => { fillFilters(); render(); if (state.detail) renderDetail(); });
    for (const [id, key] of [['f-region', 'region'], ['f-site', 'site'], ['f-state', 'state'], ['f-level', 'level']]) {
      document.getElementById(id).addEventListener('change', (e) => {
        state.filter[key] = e.target.value;
        if (key === 'region') state.filter.site = '';
        fillFilters();
        load();
      });
    }
    document.getElementById('f-overdue').addEventListener('change', (e) => { state.filter.overdue = e.target.checked; load(); });
    document.getElementById('new-hazard').addEventListener('click', openNew);
    document.getElementById('n-cancel').addEventListener('click', () => document.getElementById('new').close());
    document.getElementById('new-form').addEventListener('submit', submitNew);
    document.getElementById('detail').addEventListener('close', () => { state.detail = null; });
    fillFilters();
    load();
    // No stream of hazard changes yet: read again every half minute (a hazard changes a few times a week).
    setInterval(load, 30_000);
  },
});

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

/** The caller's regions (cities and districts of its sites) and the sites of the region chosen. */
function fillFilters() {
  const regions = new Set();
  for (const s of state.sites) { regions.add(cityOf(s.region)); regions.add(s.region); }
  const f = state.filter;
  document.getElementById('f-region').replaceChildren(option('', t('f.all'), f.region),
    ...[...regions].sort().map((r) => option(r, regionName(r), f.region)));
  document.getElementById('f-site').replaceChildren(option('', t('f.all'), f.site),
    ...state.sites.filter((s) => regionCovers(f.region, s.region)).map((s) => option(s.siteId, s.name ?? s.siteId, f.site)));
  document.getElementById('f-state').replaceChildren(...['all', 'open', 'rectified', 'closed']
    .map((x) => option(x, x === 'all' ? t('f.all') : t('hstate.' + x), f.state)));
  document.getElementById('f-level').replaceChildren(option('', t('f.all'), f.level),
    ...['major', 'general'].map((x) => option(x, t('hlevel.' + x), f.level)));
}

async function load() {
  const f = state.filter;
  const q = new URLSearchParams({ limit: '500' });
  if (f.region) q.set('region', f.region);
  if (f.site) q.set('site', f.site);
  if (f.state !== 'all') q.set('state', f.state);
  if (f.level) q.set('level', f.level);
  if (f.overdue) q.set('overdue', 'true');
  const [board, list] = await Promise.all([
    api(`/api/v1/hazards/summary${f.region ? `?region=${f.region}` : ''}`),
    api(`/api/v1/hazards?${q}`),
  ]);
  state.board = board;
  state.hazards = list.items;
  render();
}

function render() {
  translateStatic();
  renderKpis();
  renderBoard();
  renderList();
}

function renderKpis() {
  const b = state.board;
  if (!b) return;
  const tot = b.totals;
  const card = (key, main, cls = '') => h('div', { class: `kpi ${cls}`, dataset: { kpi: key } },
    h('div', { class: 'kpi-label' }, t('k.' + key)), h('div', { class: 'kpi-value' }, main));
  document.getElementById('board-kpis').replaceChildren(
    card('openMajors', String(tot.openMajors), tot.openMajors ? 'major' : ''),
    card('overdueMajors', String(tot.overdueMajors), tot.overdueMajors ? 'hot' : ''),
    card('rectifiedMajors', String(tot.rectifiedMajors)),
    card('oldest', tot.oldestOpenDays == null ? t('k.none') : t('k.days', { n: tot.oldestOpenDays })),
    card('closedThisMonth', String(tot.closedThisMonth)),
    card('openGeneral', String(tot.openGeneral)),
    h('div', { class: 'kpi trend', dataset: { kpi: 'trend' } }, h('div', { class: 'kpi-label' }, t('k.trend')), trendLine(b.trend)));
}

/** The open majors per day as a small line, with the last day's number. */
function trendLine(days) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 300 48');
  svg.setAttribute('class', 'hazard-trend');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('k.trend'));
  const max = Math.max(1, ...days.map((d) => d.openMajors));
  const base = document.createElementNS(NS, 'line');
  Object.entries({ x1: 0, x2: 300, y1: 46, y2: 46, class: 'base' }).forEach(([k, v]) => base.setAttribute(k, v));
  svg.append(base);
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', days.map((d, i) => `${(i * 300) / Math.max(1, days.length - 1)},${46 - (d.openMajors / max) * 40}`).join(' '));
  svg.append(line);
  for (const d of days) {
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${d.date}: ${d.openMajors}`;
    line.append(title);
  }
  return svg;
}

function renderBoard() {
  const rows = [];
  for (const r of state.board?.regions ?? []) {
    rows.push(h('tr', { class: 'region-row', dataset: { region: r.region } },
      h('td', {}, regionName(r.region)), ...figures(r)));
    for (const s of r.sites) {
      rows.push(h('tr', { class: 'site-row', dataset: { siteId: s.siteId }, onclick: () => pickSite(r.region, s.siteId) },
        h('td', {}, s.name ?? s.siteId), ...figures(s)));
    }
  }
  document.querySelector('#board tbody').replaceChildren(...rows);
  document.getElementById('board-empty').hidden = rows.length > 0;
}

function figures(f) {
  return [
    h('td', { class: 'num open-majors' }, String(f.openMajors)),
    h('td', { class: 'num' }, String(f.rectifiedMajors)),
    h('td', { class: `num overdue-majors ${f.overdueMajors ? 'overdue' : ''}` }, String(f.overdueMajors)),
    h('td', { class: 'num' }, f.oldestOpenDays == null ? t('time.none') : String(f.oldestOpenDays)),
    h('td', { class: 'num' }, String(f.closedThisMonth)),
  ];
}

function pickSite(region, siteId) {
  state.filter.site = siteId;
  if (!regionCovers(state.filter.region, region)) state.filter.region = '';
  fillFilters();
  load();
}

function stateTag(hz) {
  return h('span', {}, h('span', { class: `hstate ${hz.state}` }, t('hstate.' + hz.state)),
    hz.overdue ? h('span', { class: 'overdue-tag' }, t('hz.overdue')) : null);
}

function renderList() {
  document.querySelector('#hazards tbody').replaceChildren(...state.hazards.map((hz) => h('tr',
    { dataset: { hazardId: hz.id, state: hz.state, clause: hz.clause ?? '' }, onclick: () => openDetail(hz.id) },
    h('td', {}, h('span', { class: `pill ${hz.level}` }, t('hlevel.' + hz.level))),
    h('td', {}, stateTag(hz)),
    h('td', {}, hz.siteName ?? hz.siteId),
    h('td', {}, clauseLabel(hz) ?? t('time.none')),
    h('td', { class: 'text' }, hazardText(hz), h('div', { class: 'sub' }, categoryText(hz))),
    h('td', {}, t('hsource.' + hz.source)),
    h('td', {}, fmtTime(hz.reportedTs)),
    h('td', { class: hz.overdue ? 'overdue' : '' }, fmtTime(hz.deadlineTs)))));
  document.getElementById('hazards-empty').hidden = state.hazards.length > 0;
  document.getElementById('hazard-count').textContent = state.hazards.length;
}

async function openDetail(id) {
  state.detail = await api(`/api/v1/hazards/${encodeURIComponent(id)}`);
  renderDetail();
  const dlg = document.getElementById('detail');
  if (!dlg.open) dlg.showModal();
}

function fact(key, value) {
  return value == null || value === '' ? [] : [h('dt', {}, t(key)), h('dd', {}, value)];
}

function renderDetail() {
  const d = state.detail;
  const body = document.getElementById('detail-body');
  const clause = clauseOf(d);
  const parts = [
    h('h2', {}, t('d.title'), ' ', h('span', { class: `pill ${d.level}` }, t('hlevel.' + d.level)), ' ', stateTag(d), ' ',
      h('code', { class: 'sub' }, d.id)),
    h('dl', { class: 'facts' },
      ...fact('d.site', `${d.siteName ?? d.siteId} · ${regionName(d.region)}`),
      ...fact('d.clause', clause),
      ...fact('d.category', categoryText(d)),
      ...fact('d.text', hazardText(d)),
      ...fact('d.source', [t('hsource.' + d.source), d.sourceRef ? ' · ' : '', code(d.sourceRef)]),
      ...fact('d.device', code(d.deviceId)),
      ...fact('d.location', d.location),
      ...fact('d.reportedBy', d.reportedBy ? who(d.reportedBy) : null),
      ...fact('d.reported', fmtTime(d.reportedTs)),
      ...fact('d.deadline', fmtTime(d.deadlineTs)),
      ...fact('d.rectified', d.rectifiedTs == null ? null : fmtTime(d.rectifiedTs)),
      ...fact('d.closed', d.closedTs == null ? null : fmtTime(d.closedTs)),
      ...fact('d.photo', d.photoSha256 ? h('code', {}, d.photoSha256) : null),
      ...fact('d.confirmed', d.confirmedByData == null ? null
        : h('span', { class: d.confirmedByData ? 'confirmed-yes' : 'confirmed-no' }, t(d.confirmedByData ? 'd.confirmed.yes' : 'd.confirmed.no')))),
  ];
  if (d.alarms.length) {
    parts.push(h('h3', {}, t('d.alarms')), h('ul', { class: 'history alarms' }, ...d.alarms.map((a) => h('li', {},
      `${fmtTime(a.attachedTs)} · ${a.deviceId} · ${ruleName(a.rule)} · `,
      a.clearedTs == null ? t('d.open') : t('d.cleared', { t: fmtTime(a.clearedTs) })))));
  }
  parts.push(h('h3', {}, t('d.history')), h('ol', { class: 'history' }, ...d.history.map((e) => h('li', { dataset: { transition: e.transition } },
    `${fmtTime(e.at)} · ${t('ht.' + e.transition)} `, h('span', { class: 'who' }, who(e.by)),
    e.text ? ` · ${e.text}` : '', e.comment ? ` · ${e.comment}` : '',
    e.photoSha256 ? h('div', { class: 'sub' }, 'SHA-256 ', code(e.photoSha256)) : null))));
  if (d.state === 'rectified') {
    const msg = h('p', { class: 'error', id: 'r-msg', role: 'status' });
    const comment = h('textarea', { id: 'r-comment', rows: 2, maxlength: 2000, placeholder: t('r.comment') });
    const send = async (accept) => {
      const text = comment.value.trim();
      if (!accept && !text) { msg.textContent = t('r.needComment'); return; }
      try {
        await api(`/api/v1/hazards/${encodeURIComponent(d.id)}/review`, { method: 'POST', body: { accept, comment: text || null } });
        await openDetail(d.id);
        load();
      } catch (e) {
        msg.textContent = t('r.failed', { msg: e.message });
      }
    };
    parts.push(h('div', { class: 'review' }, h('h3', {}, t('r.title')), comment,
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'r-accept', onclick: () => send(true) }, t('r.accept')),
        h('button', { type: 'button', id: 'r-reject', class: 'danger', onclick: () => send(false) }, t('r.reject'))), msg));
  }
  body.replaceChildren(...parts);
}

function openNew() {
  const f = state.filter;
  document.getElementById('n-site').replaceChildren(...state.sites.filter((s) => regionCovers(f.region, s.region))
    .map((s) => option(s.siteId, `${s.name ?? s.siteId} · ${s.siteId}`, f.site)));
  document.getElementById('n-level').replaceChildren(...['major', 'general'].map((x) => option(x, t('hlevel.' + x), 'major')));
  for (const id of ['n-category', 'n-clause', 'n-text', 'n-location']) document.getElementById(id).value = '';
  document.getElementById('n-msg').textContent = '';
  document.getElementById('new').showModal();
}

async function submitNew(ev) {
  ev.preventDefault();
  const v = (id) => document.getElementById(id).value.trim() || null;
  try {
    const hz = await api('/api/v1/hazards', { method: 'POST', body: {
      siteId: v('n-site'), level: v('n-level'), category: v('n-category'), clause: v('n-clause'), text: v('n-text'), location: v('n-location'),
    } });
    document.getElementById('new').close();
    await load();
    openDetail(hz.id);
  } catch (e) {
    document.getElementById('n-msg').textContent = t('new.failed', { msg: e.message });
  }
}

