// Warning letters (警示函) for regulators and admins: the letters of the caller's regions (state,
// addressee, risk score, deadline, overdue), one letter whole (its text, the risk item it was
// drafted from with each factor's evidence, the answer, the history), the steps (issue, withdraw a
// draft, close or return an answer) and its printable page. A draft is made from a risk item: the
// early-warning page links here as ?draft=project:ID&from=YYYY-MM-DD&to=YYYY-MM-DD.
import { addStrings, api, fmtTime, h, regionName, shell, t, translateStatic, code, who } from '../assets/common.js';
import { LETTER_STRINGS, bodyParagraphs, letterTitle, openLetterReport } from '../assets/letter-common.js';

addStrings(LETTER_STRINGS);
addStrings({
  zh: {
    title: '安全生产风险警示函', 'nav.console': '监管控制台', 'f.state': '状态', 'f.scope': '对象', 'f.overdue': '仅看逾期', 'f.all': '全部',
    'new.open': '起草警示函', 'new.title': '根据预警排名起草警示函',
    'new.hint': '按所选期间的预警排名起草：函件载明起草时的风险评分、各因素得分及其依据（告警、隐患、设备、人员编号），下发后不随数据变化。',
    'new.scope': '对象类型', 'new.id': '项目编号或企业代码', 'new.from': '评分期间起', 'new.to': '评分期间止（不含）', 'new.days': '回复期限（日）',
    'new.submit': '起草', 'new.failed': '起草失败：{msg}', close: '关闭',
    'list.title': '警示函', 'list.empty': '没有符合条件的警示函', 'col.id': '编号', 'col.target': '受函对象', 'col.state': '状态',
    'col.score': '风险评分', 'col.issued': '下发', 'col.deadline': '回复期限',
    'd.target': '受函对象', 'd.region': '区划', 'd.sites': '涉及项目', 'd.deadline': '回复期限', 'd.days': '{n} 日（自下发之日起）',
    'd.facts': '预警依据（起草时）', 'd.model': '预警模型 {m}，{from} 至 {to}', 'd.rank': '第 {rank} 位 / 共 {count} 个',
    'd.factor': '风险因素', 'd.value': '指标值', 'd.points': '得分', 'd.evidence': '依据', 'd.answer': '回复', 'd.answeredBy': '回复人',
    'd.attachment': '附件指纹', 'd.history': '办理记录', 'd.none': '无', 'd.text': '函件正文', 'd.drafted': '{t} 起草',
    'a.issue': '下发', 'a.withdraw': '撤回草稿', 'a.close': '办结', 'a.return': '退回重新回复', 'a.comment': '办结意见或退回理由（退回时必填）',
    'a.needReason': '退回时请填写理由', 'a.failed': '操作失败：{msg}', 'a.title': '办理',
  },
  en: {
    title: 'Warning letters on work-safety risk', 'nav.console': 'Regulator console', 'f.state': 'State', 'f.scope': 'Addressee',
    'f.overdue': 'Overdue only', 'f.all': 'All', 'new.open': 'Draft a letter', 'new.title': 'Draft a warning letter from the risk ranking',
    'new.hint': 'Drafted from the early-warning ranking of the window chosen: the letter keeps the score, each factor and its evidence (alarm, hazard, device, person ids) as they were; later data do not change it.',
    'new.scope': 'Addressee kind', 'new.id': 'Project id or enterprise code', 'new.from': 'Window from', 'new.to': 'Window to (exclusive)',
    'new.days': 'Days to answer', 'new.submit': 'Draft', 'new.failed': 'Could not draft: {msg}', close: 'Close',
    'list.title': 'Warning letters', 'list.empty': 'No letters match', 'col.id': 'No.', 'col.target': 'Addressee', 'col.state': 'State',
    'col.score': 'Risk score', 'col.issued': 'Issued', 'col.deadline': 'Answer by',
    'd.target': 'Addressee', 'd.region': 'Region', 'd.sites': 'Projects', 'd.deadline': 'Answer by', 'd.days': '{n} days of issue',
    'd.facts': 'The risk item it was drafted from', 'd.model': 'Risk model {m}, {from} to {to}', 'd.rank': 'rank {rank} of {count}',
    'd.factor': 'Factor', 'd.value': 'Value', 'd.points': 'Points', 'd.evidence': 'Evidence', 'd.answer': 'Answer', 'd.answeredBy': 'Answered by',
    'd.attachment': 'Attachment fingerprint', 'd.history': 'History', 'd.none': 'none', 'd.text': 'Letter', 'd.drafted': 'Drafted {t} by',
    'a.issue': 'Issue', 'a.withdraw': 'Withdraw the draft', 'a.close': 'Close', 'a.return': 'Return for a new answer',
    'a.comment': 'Closing remark or reason to return (required to return)', 'a.needReason': 'Give the reason to return it',
    'a.failed': 'Could not do it: {msg}', 'a.title': 'Handling',
  },
});

const state = { filter: { state: 'all', scope: '', overdue: false }, letters: [], total: 0, detail: null };

shell({
  async check() {
    await api('/api/v1/letters?limit=1');
    return null;
  },
  onReady() {
    window.addEventListener('sitewatch:lang', () => { fillFilters(); render(); if (state.detail) renderDetail(); });
    for (const [id, key] of [['f-state', 'state'], ['f-scope', 'scope']]) {
      document.getElementById(id).addEventListener('change', (e) => { state.filter[key] = e.target.value; load(); });
    }
    document.getElementById('f-overdue').addEventListener('change', (e) => { state.filter.overdue = e.target.checked; load(); });
    document.getElementById('new-letter').addEventListener('click', () => openDraft({}));
    document.getElementById('d-cancel').addEventListener('click', () => { document.getElementById('draft-panel').hidden = true; });
    document.getElementById('draft-form').addEventListener('submit', submitDraft);
    document.getElementById('detail').addEventListener('close', () => { state.detail = null; });
    fillFilters();
    // ?draft=project:ID&from=..&to=.. (from the early-warning page): the form, filled in.
    const q = new URLSearchParams(location.search);
    const draft = q.get('draft');
    if (draft && /^(project|enterprise):[A-Za-z0-9_-]{1,64}$/.test(draft)) {
      const [scope, id] = draft.split(':');
      openDraft({ scope, id, from: q.get('from'), to: q.get('to') });
    }
    load();
    setInterval(load, 30_000);
  },
});

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

function fillFilters() {
  const f = state.filter;
  document.getElementById('f-state').replaceChildren(...['all', 'draft', 'issued', 'answered', 'closed', 'withdrawn']
    .map((x) => option(x, x === 'all' ? t('f.all') : t('lstate.' + x), f.state)));
  document.getElementById('f-scope').replaceChildren(option('', t('f.all'), f.scope),
    ...['project', 'enterprise'].map((x) => option(x, t('lscope.' + x), f.scope)));
}

async function load() {
  const f = state.filter;
  const q = new URLSearchParams({ limit: '500', state: f.state });
  if (f.scope) q.set('scope', f.scope);
  if (f.overdue) q.set('overdue', 'true');
  const res = await api(`/api/v1/letters?${q}`);
  state.letters = res.items;
  state.total = res.total;
  render();
}

function stateTag(l) {
  return h('span', {}, h('span', { class: `lstate ${l.state}` }, t('lstate.' + l.state)),
    l.overdue ? h('span', { class: 'overdue-tag' }, t('l.overdue')) : null);
}

function render() {
  translateStatic();
  document.querySelector('#letters tbody').replaceChildren(...state.letters.map((l) => h('tr',
    { dataset: { letterId: l.id, state: l.state }, onclick: () => openDetail(l.id) },
    h('td', {}, h('button', { type: 'button', class: 'link open-letter', onclick: (e) => { e.stopPropagation(); openDetail(l.id); } }, l.id)),
    h('td', {}, l.targetName, h('div', { class: 'sub' }, `${t('lscope.' + l.scope)} · `, code(l.targetId))),
    h('td', {}, stateTag(l)),
    h('td', {}, h('span', { class: `pill ${l.level}` }, t('rlevel.' + l.level)), ` ${l.score}`),
    h('td', {}, fmtTime(l.issuedTs)),
    h('td', { class: l.overdue ? 'overdue' : '' }, fmtTime(l.deadlineTs)))));
  document.getElementById('letters-empty').hidden = state.letters.length > 0;
  document.getElementById('letter-count').textContent = state.total;
}

/** The day of {@code ms} in the province (Asia/Shanghai), as YYYY-MM-DD: the days a window and a draft's dates are counted in. */
function isoDay(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function openDraft({ scope = 'project', id = '', from, to }) {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const today = isoDay(Date.now());
  document.getElementById('d-scope').replaceChildren(...['project', 'enterprise'].map((x) => option(x, t('lscope.' + x), scope)));
  document.getElementById('d-id').value = id;
  document.getElementById('d-to').value = to && day.test(to) ? to : today;
  document.getElementById('d-from').value = from && day.test(from) ? from : isoDay(Date.now() - 30 * 86_400_000);
  document.getElementById('d-days').value = '';
  document.getElementById('d-msg').textContent = '';
  document.getElementById('draft-panel').hidden = false;
  document.getElementById(id ? 'd-submit' : 'd-id').focus();
}

async function submitDraft(ev) {
  ev.preventDefault();
  const v = (id) => document.getElementById(id).value.trim();
  const body = { scope: v('d-scope'), id: v('d-id'), from: v('d-from'), to: v('d-to') };
  if (v('d-days')) body.deadlineDays = Number(v('d-days'));
  try {
    const letter = await api('/api/v1/letters', { method: 'POST', body });
    document.getElementById('draft-panel').hidden = true;
    await load();
    openDetail(letter.id);
  } catch (e) {
    document.getElementById('d-msg').textContent = t('new.failed', { msg: e.message });
  }
}

async function openDetail(id) {
  state.detail = await api(`/api/v1/letters/${encodeURIComponent(id)}`);
  renderDetail();
  const dlg = document.getElementById('detail');
  if (!dlg.open) dlg.showModal();
}

function fact(key, value) {
  return value == null || value === '' ? [] : [h('dt', {}, t(key)), h('dd', {}, value)];
}

function renderDetail() {
  const l = state.detail;
  const f = l.facts;
  const parts = [
    h('h2', {}, letterTitle(l), ' ', stateTag(l), ' ', code(l.id)),
    h('p', { class: 'sub' }, t('d.drafted', { t: fmtTime(l.createdTs) }), ' ', who(l.createdBy)),
    h('dl', { class: 'facts' },
      ...fact('d.target', [`${l.targetName} · ${t('lscope.' + l.scope)} `, code(l.targetId)]),
      ...fact('d.region', regionName(l.region)),
      ...fact('d.sites', l.scope === 'enterprise' ? code(l.siteIds.join(', ')) : null),
      ...fact('d.deadline', l.deadlineTs == null ? t('d.days', { n: l.deadlineDays })
        : [fmtTime(l.deadlineTs), ' ', l.overdue ? h('span', { class: 'overdue-tag' }, t('l.overdue')) : null])),
    h('h3', {}, t('d.text')),
    h('div', { class: 'letter-body' }, ...bodyParagraphs(l)),
    h('h3', {}, t('d.facts')),
    h('p', { class: 'sub' }, t('d.model', { m: f.model, from: isoDay(f.from), to: isoDay(f.to - 1) }), ' · ',
      h('span', { class: `pill ${f.level}` }, t('rlevel.' + f.level)), ` ${f.score} · `, t('d.rank', { rank: f.rank, count: f.count })),
    h('table', { class: 'factors' },
      h('thead', {}, h('tr', {}, h('th', {}, t('d.factor')), h('th', { class: 'num' }, t('d.value')), h('th', { class: 'num' }, t('d.points')),
        h('th', {}, t('d.evidence')))),
      h('tbody', {}, ...f.factors.map((x) => h('tr', { dataset: { factor: x.id } },
        h('td', {}, document.documentElement.lang === 'en' ? x.nameEn : x.name),
        h('td', { class: 'num' }, String(Math.round(x.value * 10000) / 10000)),
        h('td', { class: 'num' }, `${x.contribution} / ${x.weight}`),
        h('td', { class: 'evidence' }, x.evidence.length ? code(x.evidence.join(', ')) : t('d.none')))))),
  ];
  if (l.answerText) {
    parts.push(h('h3', {}, t('d.answer')), h('dl', { class: 'facts' },
      ...fact('d.answeredBy', [who(l.answeredBy), ' · ', fmtTime(l.answeredTs)]),
      ...fact('d.answer', l.answerText),
      ...fact('d.attachment', l.answerSha256 ? h('code', {}, l.answerSha256) : null)));
  }
  parts.push(h('h3', {}, t('d.history')), h('ol', { class: 'history' }, ...l.history.map((e) => h('li', { dataset: { transition: e.transition } },
    `${fmtTime(e.at)} · ${t('lt.' + e.transition)} `, h('span', { class: 'who' }, who(e.by)),
    e.comment ? ` · ${e.comment}` : '', e.text ? ` · ${e.text}` : ''))));
  parts.push(h('div', { class: 'letter-print' },
    h('button', { type: 'button', class: 'secondary', id: 'l-print', onclick: () => openLetterReport(l.id, 'html') }, t('l.print')),
    h('button', { type: 'button', class: 'secondary', id: 'l-pdf', onclick: () => openLetterReport(l.id, 'pdf') }, t('l.pdf'))));
  parts.push(actions(l));
  document.getElementById('detail-body').replaceChildren(...parts);
}

function actions(l) {
  const msg = h('p', { class: 'error', id: 'a-msg', role: 'status' });
  const step = (path, method, body) => async () => {
    try {
      await api(`/api/v1/letters/${encodeURIComponent(l.id)}${path}`, { method, body });
      await openDetail(l.id);
      load();
    } catch (e) {
      msg.textContent = t('a.failed', { msg: e.message });
    }
  };
  if (l.state === 'draft') {
    return h('div', { class: 'letter-actions' }, h('h3', {}, t('a.title')), h('div', { class: 'row' },
      h('button', { type: 'button', id: 'a-issue', onclick: step('/issue', 'POST') }, t('a.issue')),
      h('button', { type: 'button', id: 'a-withdraw', class: 'danger', onclick: step('', 'DELETE') }, t('a.withdraw'))), msg);
  }
  if (l.state === 'answered') {
    const label = h('label', { for: 'a-comment', class: 'sub' }, t('a.comment'));
    const comment = h('textarea', { id: 'a-comment', rows: 2, maxlength: 2000 });
    const close = () => step('/close', 'POST', { comment: comment.value.trim() || null })();
    const back = () => {
      if (!comment.value.trim()) { msg.textContent = t('a.needReason'); return; }
      step('/return', 'POST', { reason: comment.value.trim() })();
    };
    return h('div', { class: 'letter-actions' }, h('h3', {}, t('a.title')), label, comment, h('div', { class: 'row' },
      h('button', { type: 'button', id: 'a-close', onclick: close }, t('a.close')),
      h('button', { type: 'button', id: 'a-return', class: 'danger', onclick: back }, t('a.return'))), msg);
  }
  return h('div', {});
}
