// The early-warning console (数字化预警), for regulators and admins: the ranking of projects,
// enterprises or regions over a window by a risk model version, each item's factors as one bar cut
// into the factors' contributions (value and weight on hover and focus, and in text for screen
// readers), the factors of the item chosen with the evidence behind each, the model's reasons, and
// per item a link to draft a warning letter (the letters page) for the window.
import { addStrings, api, code, fmtTime, h, regionName, ruleName, shell, t, translateStatic, currentLang } from '../assets/common.js';

addStrings({
  zh: {
    title: '数字化预警 · 风险排名', 'nav.console': '监管控制台', 'nav.rating': '星级评价',
    'f.scope': '排名对象', 'scope.project': '项目', 'scope.enterprise': '企业', 'scope.region': '地区',
    'f.from': '起', 'f.to': '止（含）', 'f.model': '模型版本', 'f.apply': '查询', 'f.bad': '起始日期须不晚于截止日期',
    'ranking.title': '风险排名', 'ranking.empty': '窗口内没有可排名的对象',
    'ranking.hint': '得分为各因子贡献之和（满分 100）；条形按因子分段，长度为贡献。悬停或聚焦条形可看各因子的值与权重；点击一行查看因子明细与证据。',
    'ranking.more': '共 {n} 项，显示前 {shown} 项',
    'col.rank': '排名', 'col.name': '名称', 'col.level': '等级', 'col.score': '得分', 'col.factors': '各因子贡献', 'col.letter': '警示函',
    'letter.draft': '起草警示函', 'letter.aria': '为{name}起草警示函',
    'lvl.red': '红 · 重大', 'lvl.orange': '橙 · 较大', 'lvl.yellow': '黄 · 一般', 'lvl.blue': '蓝 · 低',
    'bar.factor': '{name}：贡献 {c} 分（权重 {w}），值 {v}', 'bar.item': '{name}，得分 {s}。{parts}',
    'item.none': '因子明细', 'item.hint': '在左侧选择一项，查看每个因子的值、权重、贡献和证据。',
    'item.title': '{name} · 得分 {s}', 'item.factor': '贡献 {c} / 权重 {w} 分 · 值 {v}', 'item.evidence': '查看证据',
    'ev.title': '{factor} 的证据', 'ev.kind': '类别', 'ev.id': '编号', 'ev.what': '内容', 'ev.measure': '计量', 'ev.when': '时间',
    'ev.empty': '没有证据',
    'evk.alarm': '告警', 'evk.hazard': '隐患', 'evk.device': '设备', 'evk.person': '人员', 'evk.day': '施工日', 'evk.letter': '警示函',
    'evk.project': '项目',
    'ev.overdue': '逾期未整改', 'ev.open': '未销号', 'ev.missingDays': '缺 {n} 个施工日', 'ev.shortfall': '到岗率低于规定',
    'ev.no_recorder': '记录仪当天无上报', 'ev.no_log': '前一施工日日志未上传', 'ev.expired': '已过期', 'ev.expiring': '即将到期',
    'ev.validTo': '有效期至 {d}', 'ev.deadline': '回复期限 {d}', 'ev.unanswered': '逾期未回复', 'ev.answered_late': '逾期后回复',
    'paper.registration': '使用登记', 'paper.inspection': '定期检验', 'paper.fall_arrester': '防坠安全器标定',
    'role.project_manager': '项目负责人', 'role.safety_officer': '专职安全员', 'role.chief_engineer': '总监理工程师',
    'role.enterprise_head': '企业负责人', 'role.safety_director': '项目安全总监', 'role.supervisor': '监理',
    'model.title': '模型与因子说明', 'm.factor': '因子', 'm.weight': '权重', 'm.norm': '归一化', 'm.saturation': '饱和值', 'm.why': '理由',
    'norm.per_device_day': '按设备日', 'norm.per_alarm': '按报警', 'norm.per_project': '按项目', 'norm.per_working_day': '按施工日',
    'model.default': '（默认）',
  },
  en: {
    title: 'Early warning · risk ranking', 'nav.console': 'Regulator console', 'nav.rating': 'Star ratings',
    'f.scope': 'Rank', 'scope.project': 'Projects', 'scope.enterprise': 'Enterprises', 'scope.region': 'Regions',
    'f.from': 'From', 'f.to': 'To (included)', 'f.model': 'Model version', 'f.apply': 'Show', 'f.bad': 'The first day must not be after the last',
    'ranking.title': 'Risk ranking', 'ranking.empty': 'Nothing to rank in this window',
    'ranking.hint': 'The score is the sum of the factors\' contributions (out of 100); each bar is cut into the factors, each as long as its contribution. Hover or focus a bar for each factor\'s value and weight; choose a row for its factors and evidence.',
    'ranking.more': '{n} in all, the first {shown} shown',
    'col.rank': 'Rank', 'col.name': 'Name', 'col.level': 'Level', 'col.score': 'Score', 'col.factors': 'Contributions', 'col.letter': 'Warning letter',
    'letter.draft': 'Draft a warning letter', 'letter.aria': 'Draft a warning letter to {name}',
    'lvl.red': 'Red · major', 'lvl.orange': 'Orange · high', 'lvl.yellow': 'Yellow · moderate', 'lvl.blue': 'Blue · low',
    'bar.factor': '{name}: {c} points (weight {w}), value {v}', 'bar.item': '{name}, score {s}. {parts}',
    'item.none': 'Factors', 'item.hint': 'Choose an item on the left for each factor\'s value, weight, contribution and evidence.',
    'item.title': '{name} · score {s}', 'item.factor': '{c} of {w} points · value {v}', 'item.evidence': 'Evidence',
    'ev.title': 'Evidence of {factor}', 'ev.kind': 'Kind', 'ev.id': 'Id', 'ev.what': 'What', 'ev.measure': 'Measure', 'ev.when': 'When',
    'ev.empty': 'No evidence',
    'evk.alarm': 'Alarm', 'evk.hazard': 'Hazard', 'evk.device': 'Device', 'evk.person': 'Person', 'evk.day': 'Working day',
    'evk.letter': 'Warning letter', 'evk.project': 'Project',
    'ev.overdue': 'overdue', 'ev.open': 'not closed', 'ev.missingDays': '{n} working days missing', 'ev.shortfall': 'below the required share',
    'ev.no_recorder': 'no recorder report that day', 'ev.no_log': 'previous working day\'s log not uploaded', 'ev.expired': 'expired',
    'ev.expiring': 'expiring', 'ev.validTo': 'valid to {d}', 'ev.deadline': 'answer due {d}', 'ev.unanswered': 'not answered',
    'ev.answered_late': 'answered late',
    'paper.registration': 'use registration', 'paper.inspection': 'periodic inspection', 'paper.fall_arrester': 'fall-arrester calibration',
    'role.project_manager': 'Project manager', 'role.safety_officer': 'Safety officer', 'role.chief_engineer': 'Chief supervising engineer',
    'role.enterprise_head': 'Enterprise head', 'role.safety_director': 'Project safety director', 'role.supervisor': 'Supervisor',
    'model.title': 'The model and its factors', 'm.factor': 'Factor', 'm.weight': 'Weight', 'm.norm': 'Normalised', 'm.saturation': 'Saturation',
    'm.why': 'Why', 'norm.per_device_day': 'per device-day', 'norm.per_alarm': 'per alarm', 'norm.per_project': 'per project',
    'norm.per_working_day': 'per working day', 'model.default': ' (default)',
  },
});

/** How many items the page shows; the API ranks them all. */
const SHOWN = 200;
const DAY = 86_400_000;

const state = {
  scope: 'project',
  from: '',
  to: '',
  model: '',
  versions: [],
  defaultVersion: '',
  modelInfo: null,
  ranking: null,
  selected: null,
  evidence: null,
};

shell({
  async check() {
    return api('/api/v1/risk/model');
  },
  onReady(model) {
    state.defaultVersion = model.model;
    state.versions = model.versions ?? [model.model];
    state.model = model.model;
    state.modelInfo = model;
    const today = isoDay(new Date());
    state.to = isoDay(new Date(Date.now() - DAY));
    state.from = isoDay(new Date(Date.now() - 30 * DAY));
    if (state.to >= today) state.to = today;
    document.getElementById('f-from').value = state.from;
    document.getElementById('f-to').value = state.to;
    window.addEventListener('sitewatch:lang', () => { fillModels(); render(); });
    document.querySelectorAll('#f-scope input').forEach((r) => r.addEventListener('change', (e) => {
      state.scope = e.target.value;
      state.selected = null;
      load();
    }));
    document.getElementById('f-model').addEventListener('change', (e) => { state.model = e.target.value; state.selected = null; load(); });
    document.getElementById('filters').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const from = document.getElementById('f-from').value;
      const to = document.getElementById('f-to').value;
      const msg = document.getElementById('f-msg');
      if (!from || !to || from > to) { msg.textContent = t('f.bad'); return; }
      msg.textContent = '';
      state.from = from;
      state.to = to;
      state.selected = null;
      load();
    });
    fillModels();
    load();
  },
});

function isoDay(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The day after an ISO day: the API's `to` is exclusive, the picker's last day included. */
function nextDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return isoDay(new Date(y, m - 1, d + 1));
}

function fillModels() {
  document.getElementById('f-model').replaceChildren(...state.versions.map((v) => h('option', { value: v, selected: v === state.model },
    v + (v === state.defaultVersion ? t('model.default') : ''))));
}

function query(extra = {}) {
  return new URLSearchParams({ from: state.from, to: nextDay(state.to), model: state.model, ...extra });
}

async function load() {
  const [ranking, model] = await Promise.all([
    api(`/api/v1/risk?${query({ scope: state.scope })}`),
    api(`/api/v1/risk/model?model=${encodeURIComponent(state.model)}`),
  ]);
  state.ranking = ranking;
  state.modelInfo = model;
  state.evidence = null;
  render();
}

function render() {
  translateStatic();
  renderLegend();
  renderRanking();
  renderItem();
  renderModel();
}

const en = () => currentLang() === 'en';
const factorName = (f) => (en() ? f.nameEn : f.name);
const fmt = (v) => (v == null ? t('time.none') : Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));
const itemName = (i) => (state.ranking?.scope === 'region' ? regionName(i.id) : i.name ?? i.id);

function renderLegend() {
  const factors = state.modelInfo?.factors ?? [];
  document.getElementById('legend').replaceChildren(...factors.map((f) => h('span', { class: 'legend-item' },
    h('span', { class: `swatch f-${f.id}` }), factorName(f))));
}

/** The item's factors as one bar cut into their contributions (the whole width is 100 points). */
function bars(item) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 100 10');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'risk-bar');
  svg.setAttribute('aria-hidden', 'true');
  const track = document.createElementNS(NS, 'rect');
  Object.entries({ x: 0, y: 0, width: 100, height: 10, class: 'track' }).forEach(([k, v]) => track.setAttribute(k, v));
  svg.append(track);
  let x = 0;
  for (const f of item.factors) {
    const c = Number(f.contribution);
    if (c <= 0) continue;
    const r = document.createElementNS(NS, 'rect');
    Object.entries({ x, y: 0, width: c, height: 10, class: `seg f-${f.id}` }).forEach(([k, v]) => r.setAttribute(k, v));
    const title = document.createElementNS(NS, 'title');
    title.textContent = t('bar.factor', { name: factorName(f), c: fmt(c), w: f.weight, v: fmt(f.value) });
    r.append(title);
    svg.append(r);
    x += c;
  }
  const lines = item.factors.map((f) => t('bar.factor', { name: factorName(f), c: fmt(Number(f.contribution)), w: f.weight, v: fmt(f.value) }));
  // One stop per bar: focus shows the same lines as hovering; the label says them to a screen reader.
  return h('div', { class: 'bars', tabindex: 0, role: 'img',
    'aria-label': t('bar.item', { name: itemName(item), s: fmt(Number(item.score)), parts: lines.join('；') }) },
  svg, h('div', { class: 'tip', 'aria-hidden': 'true' }, ...lines.map((l) => h('div', {}, l))));
}

function draftLink(item) {
  const r = state.ranking;
  const href = `../letters/?draft=${encodeURIComponent(`${r.scope}:${item.id}`)}&from=${r.from}&to=${r.to}`;
  return h('a', { class: 'link draft', href, 'aria-label': t('letter.aria', { name: itemName(item) }) }, t('letter.draft'));
}

function renderRanking() {
  const items = state.ranking?.items ?? [];
  const shown = items.slice(0, SHOWN);
  document.querySelector('#ranking tbody').replaceChildren(...shown.map((i) => h('tr', {
    class: state.selected === i.id ? 'selected' : null, dataset: { id: i.id, level: i.level },
    onclick: (e) => { if (!e.target.closest('a')) select(i.id); },
  },
  h('td', { class: 'num' }, String(i.rank)),
  h('td', {}, h('button', { type: 'button', class: 'link item-name', onclick: () => select(i.id) }, itemName(i)),
    state.ranking.scope === 'region' ? null : h('div', { class: 'sub' }, code(i.id))),
  h('td', {}, h('span', { class: `lvl ${i.level}` }, t('lvl.' + i.level))),
  h('td', { class: 'num score' }, fmt(Number(i.score))),
  h('td', { class: 'bars-col' }, bars(i)),
  h('td', {}, draftLink(i)))));
  document.getElementById('ranking-empty').hidden = items.length > 0;
  document.getElementById('ranking-count').textContent = items.length > SHOWN
    ? t('ranking.more', { n: items.length, shown: SHOWN }) : String(items.length);
}

function select(id) {
  state.selected = id;
  state.evidence = null;
  renderRanking();
  renderItem();
  document.getElementById('item-title').focus?.();
}

function renderItem() {
  const item = (state.ranking?.items ?? []).find((i) => i.id === state.selected);
  const title = document.getElementById('item-title');
  document.getElementById('item-hint').hidden = !!item;
  if (!item) {
    title.textContent = t('item.none');
    document.getElementById('item-factors').replaceChildren();
    document.getElementById('evidence').hidden = true;
    return;
  }
  title.textContent = t('item.title', { name: itemName(item), s: fmt(Number(item.score)) });
  title.setAttribute('tabindex', '-1');
  document.getElementById('item-factors').replaceChildren(...item.factors.map((f) => {
    const c = Number(f.contribution);
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 100 8');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('class', 'factor-bar');
    svg.setAttribute('aria-hidden', 'true');
    const track = document.createElementNS(NS, 'rect');
    Object.entries({ x: 0, y: 0, width: 100, height: 8, class: 'track' }).forEach(([k, v]) => track.setAttribute(k, v));
    const fill = document.createElementNS(NS, 'rect');
    Object.entries({ x: 0, y: 0, width: f.weight ? (100 * c) / f.weight : 0, height: 8, class: `seg f-${f.id}` })
      .forEach(([k, v]) => fill.setAttribute(k, v));
    svg.append(track, fill);
    return h('li', { dataset: { factor: f.id } },
      h('button', { type: 'button', class: 'factor-row', 'aria-pressed': state.evidence?.factor === f.id ? 'true' : 'false',
        onclick: () => loadEvidence(item, f) },
      h('span', { class: 'factor-name' }, factorName(f)), svg,
      h('span', { class: 'factor-text' }, t('item.factor', { c: fmt(c), w: f.weight, v: fmt(f.value) }))));
  }));
  renderEvidence();
}

async function loadEvidence(item, f) {
  const r = state.ranking;
  const body = await api(`/api/v1/risk/${r.scope}/${encodeURIComponent(item.id)}/evidence?${query({ factor: f.id })}`);
  state.evidence = { factor: f.id, name: f, items: body.items };
  renderItem();
}

function what(e) {
  switch (e.kind) {
    case 'alarm': return [ruleName(e.rule), ' · ', t('level.' + e.level)];
    case 'hazard': return t(e.rule === 'overdue' ? 'ev.overdue' : 'ev.open');
    case 'device': return e.date
      ? [t('paper.' + e.rule), ' · ', t('ev.' + e.level), ' · ', t('ev.validTo', { d: e.date })]
      : [t('kind.' + e.rule), ' · ', t('ev.missingDays', { n: fmt(e.measure) })];
    case 'person': return [t('role.' + e.rule), ' · ', t('ev.shortfall')];
    case 'day': return e.rule.split(',').map((x) => t('ev.' + x)).join('；');
    case 'letter': return [t('ev.' + e.level), ' · ', t('ev.deadline', { d: e.date })];
    case 'project': return e.name ?? '';
    default: return '';
  }
}

function renderEvidence() {
  const ev = state.evidence;
  const box = document.getElementById('evidence');
  box.hidden = !ev;
  if (!ev) return;
  document.getElementById('evidence-title').textContent = t('ev.title', { factor: factorName(ev.name) });
  document.querySelector('#evidence-table tbody').replaceChildren(...ev.items.map((e) => h('tr', { dataset: { kind: e.kind } },
    h('td', {}, t('evk.' + e.kind)),
    h('td', {}, code(e.id)),
    h('td', {}, what(e)),
    h('td', { class: 'num' }, fmt(Number(e.measure))),
    h('td', {}, e.at ? fmtTime(e.at) : e.date && e.kind === 'day' ? e.date : t('time.none')))));
  document.getElementById('evidence-empty').hidden = ev.items.length > 0;
}

function renderModel() {
  const m = state.modelInfo;
  if (!m) return;
  document.getElementById('model-label').textContent = en() ? m.labelEn : m.label;
  document.getElementById('model-aggregation').textContent = en() ? m.aggregation.whyEn : m.aggregation.why;
  document.querySelector('#model tbody').replaceChildren(...m.factors.map((f) => h('tr', { dataset: { factor: f.id } },
    h('td', {}, h('span', { class: `swatch f-${f.id}` }), ' ', factorName(f), h('div', { class: 'sub' }, code(f.id))),
    h('td', { class: 'num' }, String(f.weight)),
    h('td', {}, t('norm.' + f.normalisation)),
    h('td', { class: 'num' }, fmt(f.saturation)),
    h('td', { class: 'why' }, en() ? f.whyEn : f.why))));
}
