// The monthly theme (一月一主题) report for regulators and admins: pick a theme and a month; per
// district and city the device-days of the theme's kinds and each indicator per 100 device-days
// (a table and a bar chart per indicator, drawn as SVG by this script: no inline style or script
// under the CSP), the sites that stand out, the theme's hazards found and closed in the month, and
// the unannounced inspection list drawn among the theme's projects.
import {
  addStrings, api, cityOf, code, fmtTime, h, regionLabel, regionName, shell, t, translateStatic,
} from '../assets/common.js';

addStrings({
  zh: {
    title: '一月一主题 · 专项排查报告', 'nav.console': '监管控制台', 'f.theme': '主题', 'f.month': '月份', 'f.region': '区划',
    'f.all': '全部辖区', 'k.title': '本月概况', 'k.deviceDays': '{kind}台·日', 'k.sites': '项目数', 'k.found': '发现隐患',
    'k.closed': '销号隐患', 'k.rate': '{label}（每百台·日）',
    'theme.scheduled': '本主题安排在 {months}；{month} {yes}', 'theme.yes': '为本主题月', 'theme.no': '不是本主题月（仍可查看数据）',
    'theme.standout': '突出项目：某指标比率不低于全辖区比率的 {factor} 倍，且当月至少 {min} 次。{why}',
    'table.title': '各区县指标（每百台·日）',
    'table.hint': '设备台·日：该类设备当日有数据上报计一台·日。指标为当月开始的告警（含预警）数，比率为每百台·日的次数。',
    'table.empty': '辖区内本月没有该主题的项目', 'col.where': '区划', 'col.sites': '项目', 'col.days': '台·日',
    'col.found': '发现', 'col.closed': '销号', 'col.count': '次数', 'col.rate': '每百台·日', 'col.reportRate': '辖区比率',
    'col.site': '项目', 'col.region': '区划', 'col.indicator': '指标', 'col.hazard': '编号', 'col.category': '类别',
    'col.level': '等级', 'col.state': '现状态', 'col.drawnAt': '抽取时间', 'col.drawnBy': '抽取人', 'col.picks': '抽中项目',
    'col.seed': '随机种子', 'total': '合计', 'chart.title': '各区县比率', 'chart.avg': '合计 {v}', 'chart.none': '无台·日数据',
    'standouts.title': '突出项目', 'standouts.empty': '没有突出项目', 'hazards.title': '本月该主题隐患',
    'hazards.empty': '本月没有该主题类别的隐患', 'h.found': '本月发现', 'h.closedOnly': '本月销号',
    'hlevel.major': '重大', 'hlevel.general': '一般', 'hstate.open': '待整改', 'hstate.rectified': '待复查', 'hstate.closed': '已销号',
    'draw.title': '“四不两直”抽查名单', 'draw.hint': '在本主题的项目中按本月风险加权抽取，随机种子与名单一并记录。项目人员无权查看。',
    'draw.count': '抽取数量', 'draw.submit': '抽取', 'draw.failed': '抽取失败：{msg}', 'draws.empty': '本主题尚无抽查记录',
    'none': '—',
  },
  en: {
    title: 'Monthly theme · inspection report', 'nav.console': 'Regulator console', 'f.theme': 'Theme', 'f.month': 'Month',
    'f.region': 'Region', 'f.all': 'All my regions', 'k.title': 'This month', 'k.deviceDays': '{kind}-days', 'k.sites': 'Projects',
    'k.found': 'Hazards found', 'k.closed': 'Hazards closed', 'k.rate': '{label} (per 100 device-days)',
    'theme.scheduled': 'The theme runs in {months}; {month} {yes}', 'theme.yes': 'is one of its months',
    'theme.no': 'is not one of its months (the data can still be read)',
    'theme.standout': 'A site stands out when its rate on an indicator is at least {factor} times the rate of all your sites and it had at least {min} events that month. {why}',
    'table.title': 'Indicators by district (per 100 device-days)',
    'table.hint': 'A device-day is a day on which a device of the kind reported data. An indicator counts the alarms (warnings included) that started in the month; its rate is per 100 device-days.',
    'table.empty': 'No project of this theme in your regions this month', 'col.where': 'Region', 'col.sites': 'Projects',
    'col.days': 'Device-days', 'col.found': 'Found', 'col.closed': 'Closed', 'col.count': 'Events', 'col.rate': 'Per 100 device-days',
    'col.reportRate': 'All sites', 'col.site': 'Project', 'col.region': 'Region', 'col.indicator': 'Indicator', 'col.hazard': 'Id',
    'col.category': 'Category', 'col.level': 'Level', 'col.state': 'State now', 'col.drawnAt': 'Drawn at', 'col.drawnBy': 'Drawn by',
    'col.picks': 'Projects drawn', 'col.seed': 'Seed', 'total': 'Total', 'chart.title': 'Rates by district', 'chart.avg': 'total {v}',
    'chart.none': 'No device-days', 'standouts.title': 'Sites that stand out', 'standouts.empty': 'No site stands out',
    'hazards.title': 'Hazards of the theme this month', 'hazards.empty': 'No hazard of the theme\'s categories this month',
    'h.found': 'found this month', 'h.closedOnly': 'closed this month',
    'hlevel.major': 'Major', 'hlevel.general': 'General', 'hstate.open': 'Open', 'hstate.rectified': 'Awaiting review', 'hstate.closed': 'Closed',
    'draw.title': 'Unannounced inspection list', 'draw.hint': 'Drawn among the theme\'s projects, weighted by this month\'s risk; the seed is recorded with the list. Site staff can never see it.',
    'draw.count': 'How many', 'draw.submit': 'Draw', 'draw.failed': 'Could not draw: {msg}', 'draws.empty': 'No draw for this theme yet',
    'none': '—',
  },
});

const NS = 'http://www.w3.org/2000/svg';
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'zh');
const state = { themes: null, sites: [], theme: '', month: '', region: '', report: null, draws: [] };

shell({
  async check() {
    const themes = await api('/api/v1/themes');
    const sites = await api('/api/v1/sites');
    return { themes, sites: sites.items };
  },
  onReady({ themes, sites }) {
    state.themes = themes;
    state.sites = sites;
    const params = new URLSearchParams(location.search);
    state.theme = params.get('theme') ?? themes.current ?? themes.themes[0].id;
    state.month = params.get('month') ?? themes.month;
    window.addEventListener('sitewatch:lang', () => { fillFilters(); render(); });
    document.getElementById('f-theme').addEventListener('change', (e) => { state.theme = e.target.value; load(); });
    document.getElementById('f-month').addEventListener('change', (e) => {
      if (/^\d{4}-\d{2}$/.test(e.target.value)) { state.month = e.target.value; load(); }
    });
    document.getElementById('f-region').addEventListener('change', (e) => { state.region = e.target.value; load(); });
    document.getElementById('draw-form').addEventListener('submit', draw);
    fillFilters();
    load();
  },
});

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

const themeOf = (id) => state.themes.themes.find((x) => x.id === id);
const nameOf = (x) => (lang() === 'en' ? x.nameEn : x.name);
const labelOf = (ind) => (lang() === 'en' ? ind.labelEn : ind.label);

function fillFilters() {
  document.getElementById('f-theme').replaceChildren(...state.themes.themes.map((x) => option(x.id, nameOf(x), state.theme)));
  document.getElementById('f-month').value = state.month;
  const regions = new Set();
  for (const s of state.sites) { regions.add(cityOf(s.region)); regions.add(s.region); }
  document.getElementById('f-region').replaceChildren(option('', t('f.all'), state.region),
    ...[...regions].sort().map((r) => option(r, regionName(r), state.region)));
}

async function load() {
  const q = new URLSearchParams({ month: state.month });
  if (state.region) q.set('region', state.region);
  const [report, draws] = await Promise.all([
    api(`/api/v1/themes/${encodeURIComponent(state.theme)}/report?${q}`),
    api(`/api/v1/risk/inspections?theme=${encodeURIComponent(state.theme)}`),
  ]);
  state.report = report;
  state.draws = draws.items;
  render();
}

function render() {
  const r = state.report;
  if (!r) return;
  translateStatic();
  const theme = r.theme;
  document.getElementById('theme-name').textContent = nameOf(theme);
  document.getElementById('theme-scheduled').textContent = t('theme.scheduled',
    { months: theme.months.join('、'), month: r.month, yes: t(r.scheduled ? 'theme.yes' : 'theme.no') });
  document.getElementById('theme-why').textContent = lang() === 'en' ? theme.whyEn : theme.why;
  const so = state.themes.standout;
  document.getElementById('theme-standout').textContent = t('theme.standout',
    { factor: so.factor, min: so.minEvents, why: lang() === 'en' ? so.whyEn : so.why });
  renderKpis(r);
  renderTable(r);
  renderCharts(r);
  renderStandouts(r);
  renderHazards(r);
  renderDraws();
}

const fmtRate = (v) => (v == null ? t('none') : Number(v).toFixed(2));

function renderKpis(r) {
  const card = (label, value) => h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, String(value)));
  const cards = [card(t('k.sites'), r.total.sites)];
  for (const kind of r.theme.deviceKinds) cards.push(card(t('k.deviceDays', { kind: t('kind.' + kind) }), r.total.deviceDays[kind] ?? 0));
  for (const ind of r.theme.indicators) {
    const v = r.total.indicators.find((x) => x.id === ind.id);
    cards.push(card(t('k.rate', { label: labelOf(ind) }), fmtRate(v?.per100DeviceDays)));
  }
  cards.push(card(t('k.found'), r.total.hazardsFound), card(t('k.closed'), r.total.hazardsClosed));
  document.getElementById('kpis').replaceChildren(...cards);
}

function renderTable(r) {
  const inds = r.theme.indicators;
  const head = h('tr', {}, h('th', { scope: 'col' }, t('col.where')), h('th', { scope: 'col', class: 'num' }, t('col.sites')),
    ...r.theme.deviceKinds.map((k) => h('th', { scope: 'col', class: 'num' }, t('k.deviceDays', { kind: t('kind.' + k) }))),
    ...inds.flatMap((i) => [h('th', { scope: 'col', class: 'num' }, `${labelOf(i)} · ${t('col.count')}`),
      h('th', { scope: 'col', class: 'num' }, `${labelOf(i)} · ${t('col.rate')}`)]),
    h('th', { scope: 'col', class: 'num' }, t('col.found')), h('th', { scope: 'col', class: 'num' }, t('col.closed')));
  document.querySelector('#districts thead').replaceChildren(head);
  const line = (row, cls, label) => {
    const totalOf = (id) => r.total.indicators.find((x) => x.id === id)?.per100DeviceDays;
    return h('tr', { class: cls }, h('td', {}, label), h('td', { class: 'num' }, String(row.sites)),
      ...r.theme.deviceKinds.map((k) => h('td', { class: 'num' }, String(row.deviceDays[k] ?? 0))),
      ...row.indicators.flatMap((v) => {
        const hot = cls === 'district-row' && v.per100DeviceDays != null && totalOf(v.id) != null
          && Number(v.per100DeviceDays) >= state.themes.standout.factor * Number(totalOf(v.id)) && Number(totalOf(v.id)) > 0;
        return [h('td', { class: 'num' }, String(v.count)), h('td', { class: hot ? 'num hot' : 'num' }, fmtRate(v.per100DeviceDays))];
      }),
      h('td', { class: 'num' }, String(row.hazardsFound)), h('td', { class: 'num' }, String(row.hazardsClosed)));
  };
  const rows = [];
  for (const city of r.cities) {
    rows.push(line(city, 'city-row', regionName(city.region)));
    for (const d of r.districts.filter((x) => cityOf(x.region) === city.region && x.region !== city.region)) {
      rows.push(line(d, 'district-row', regionName(d.region)));
    }
  }
  if (r.cities.length) rows.push(line(r.total, 'total-row', t('total')));
  document.querySelector('#districts tbody').replaceChildren(...rows);
  document.getElementById('districts-empty').hidden = r.districts.length > 0;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/** One horizontal bar chart per indicator: a bar per district, the total's rate as a dashed line. */
function renderCharts(r) {
  const charts = [];
  for (const ind of r.theme.indicators) {
    const rows = r.districts.map((d) => ({ region: d.region, v: d.indicators.find((x) => x.id === ind.id) }));
    const total = r.total.indicators.find((x) => x.id === ind.id)?.per100DeviceDays;
    const values = rows.map((x) => Number(x.v?.per100DeviceDays ?? 0));
    const max = Math.max(1, Number(total ?? 0), ...values);
    const W = 340; const left = 90; const barH = 18; const gap = 6; const top = 8;
    const H = top + rows.length * (barH + gap) + 20;
    const s = svg('svg', { class: 'bar-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${labelOf(ind)} · ${t('col.rate')}` });
    s.append(svg('title', {}, `${labelOf(ind)} · ${t('col.rate')}`));
    const scale = (v) => ((W - left - 50) * v) / max;
    rows.forEach((x, i) => {
      const y = top + i * (barH + gap);
      const rate = x.v?.per100DeviceDays;
      s.append(svg('text', { x: left - 6, y: y + barH - 5, 'text-anchor': 'end' }, regionLabel(x.region)));
      const hot = rate != null && total != null && Number(total) > 0 && Number(rate) >= state.themes.standout.factor * Number(total);
      s.append(svg('rect', { class: hot ? 'bar hot' : 'bar', x: left, y, width: Math.max(0.5, scale(Number(rate ?? 0))).toFixed(1), height: barH }));
      s.append(svg('text', { x: left + scale(Number(rate ?? 0)) + 4, y: y + barH - 5 }, rate == null ? t('chart.none') : fmtRate(rate)));
    });
    s.append(svg('line', { class: 'axis', x1: left, x2: left, y1: top - 4, y2: H - 18 }));
    if (total != null) {
      const x = left + scale(Number(total));
      s.append(svg('line', { class: 'avg', x1: x, x2: x, y1: top - 4, y2: H - 18 }));
      s.append(svg('text', { x, y: H - 4, 'text-anchor': 'middle' }, t('chart.avg', { v: fmtRate(total) })));
    }
    charts.push(h('figure', {}, h('figcaption', { class: 'chart-title' }, labelOf(ind)), s));
  }
  document.getElementById('charts').replaceChildren(...charts);
}

function renderStandouts(r) {
  const ind = (id) => r.theme.indicators.find((x) => x.id === id);
  document.querySelector('#standouts tbody').replaceChildren(...r.standouts.map((s) => h('tr', {},
    h('td', {}, s.name ?? s.siteId, ' ', code(s.siteId)), h('td', {}, regionName(s.region)), h('td', {}, labelOf(ind(s.indicator))),
    h('td', { class: 'num' }, String(s.count)), h('td', { class: 'num hot' }, fmtRate(s.rate)), h('td', { class: 'num' }, fmtRate(s.reportRate)))));
  document.getElementById('standout-count').textContent = String(r.standouts.length);
  document.getElementById('standouts-empty').hidden = r.standouts.length > 0;
}

function renderHazards(r) {
  document.querySelector('#hazards tbody').replaceChildren(...r.hazards.map((x) => h('tr', {},
    h('td', {}, h('a', { class: 'link', href: '../hazards/' }, x.id)), h('td', {}, code(x.siteId)), h('td', {}, x.category),
    h('td', {}, t('hlevel.' + x.level)), h('td', {}, x.found ? fmtTime(x.reportedTs) : t('h.closedOnly')), h('td', {}, t('hstate.' + x.state)))));
  document.getElementById('hazard-count').textContent = String(r.hazards.length);
  document.getElementById('hazards-empty').hidden = r.hazards.length > 0;
}

function renderDraws() {
  document.querySelector('#draws tbody').replaceChildren(...state.draws.map((d) => h('tr', {},
    h('td', {}, fmtTime(d.drawnAt)), h('td', {}, code(d.drawnBy)),
    h('td', {}, ...(d.picks.length ? d.picks.flatMap((p, i) => [i ? '、' : '', p.name ?? '', ' ', code(p.id)]) : [t('none')])),
    h('td', {}, code(d.seed)))));
  document.getElementById('draws-empty').hidden = state.draws.length > 0;
}

async function draw(ev) {
  ev.preventDefault();
  const msg = document.getElementById('draw-msg');
  msg.textContent = '';
  const body = { count: Number(document.getElementById('draw-count').value), theme: state.theme,
    from: String(state.report.from), to: String(state.report.to) };
  if (state.region) body.region = state.region;
  try {
    await api('/api/v1/risk/inspections', { method: 'POST', body });
    await load();
  } catch (e) {
    msg.textContent = t('draw.failed', { msg: e.message });
  }
}
