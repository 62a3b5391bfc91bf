// Rating console: sites with their computed and published star, the item-by-item breakdown with
// evidence, gates and data quality, and the review workflow (review, approve, reject, report).
import { addStrings, api, currentLang, fmtNum, fmtTime, h, regionName, session, shell, t, translateStatic } from '../assets/common.js';

addStrings({
  zh: {
    title: '智慧工地星级评价', 'nav.console': '监管控制台', 'f.window': '评价期', 'sites.title': '工地', 'col.site': '工地',
    'col.region': '区划', 'col.computed': '当前测算', 'col.score': '得分', 'col.published': '已发布星级', 'col.application': '申报',
    'site.pick': '选择左侧工地查看评分明细', 'w.30': '近 30 天', 'w.90': '近 90 天', 'w.180': '近 180 天', 'w.365': '近 365 天',
    'catalogue.name': '评分标准', 'catalogue.version': '（第 {version} 版）', stars: '{n} 星', 'no.star': '无星', loading: '计算中…',
    'd.reason': '结论', 'd.score': '得分 {score} / {max}（基础 {base}，加分 {bonus}）', 'd.gates': '否决与前置条件',
    'd.items': '评分明细', 'd.quality': '数据质量（在线率 ≥ {rate}，最长中断 ≤ {gap} 分钟）', 'd.apps': '申报与复核',
    'd.history': '流程记录', 'd.manual': '人工录入证据',
    'g.id': '条件', 'g.star': '星级', 'g.met': '满足', 'g.why': '依据', yes: '是', no: '否',
    'i.item': '评分项', 'i.source': '来源', 'i.points': '得分', 'i.evidence': '证据', 'src.auto': '自动', 'src.manual': '人工', bonus: '加分项',
    'q.device': '设备', 'q.kind': '类型', 'q.online': '在线率', 'q.gap': '最长中断（分钟）', 'q.ok': '合格',
    'a.none': '暂无申报', 'a.target': '申报 {n} 星', 'a.by': '{by} 于 {at}', 'a.valid': '有效期至 {d}',
    'st.submitted': '已提交', 'st.reviewed': '已复核', 'st.approved': '已批准', 'st.rejected': '已退回',
    'act.comment': '意见', 'act.key': '调整项（评分项或条件编号）', 'act.value': '值', 'act.reason': '调整理由',
    'act.review': '提交复核', 'act.approve': '批准发布', 'act.reject': '退回', 'act.report': '查看评价报告', 'act.pdf': '下载 PDF',
    'a.on': '于', 'd.legacy': '（本评价生成于文字双语化之前，证据按当时记录原样显示）',
    'act.done': '已完成：{what}', 'act.failed': '操作失败：{msg}', 'act.need': '请填写{what}',
    'm.key': '录入项', 'm.value': '值', 'm.comment': '说明', 'm.save': '保存录入', 'm.by': '录入人',
    'm.declaration': '门槛声明', 'm.upTo': '最高 {n} 分', 'm.confirm': '1 = 确认',
    'self.title': '自评申报（管理员）', 'self.target': '目标星级', 'self.submit': '提交申报',
    'i.na': '不适用', 'i.noev': '无证据', 'q.away': '不在用',
    'd.scaling': '适用项满分 {applicable} 分（不适用：{items}），基础得分 {earned} 按 {max}/{applicable} 折算为 {base}',
  },
  en: {
    title: 'Smart-site star rating', 'nav.console': 'Regulator console', 'f.window': 'Window', 'sites.title': 'Sites',
    'col.site': 'Site', 'col.region': 'Region', 'col.computed': 'Computed now', 'col.score': 'Score',
    'col.published': 'Published star', 'col.application': 'Application', 'site.pick': 'Pick a site to see its breakdown',
    'w.30': 'last 30 days', 'w.90': 'last 90 days', 'w.180': 'last 180 days', 'w.365': 'last 365 days',
    'catalogue.name': 'Catalogue', 'catalogue.version': '(version {version})', stars: '{n} star(s)', 'no.star': 'no star', loading: 'computing…',
    'd.reason': 'Verdict', 'd.score': 'Score {score} / {max} (base {base}, bonus {bonus})', 'd.gates': 'Gates',
    'd.items': 'Items', 'd.quality': 'Data quality (online ≥ {rate}, longest gap ≤ {gap} min)', 'd.apps': 'Applications and review',
    'd.history': 'Workflow history', 'd.manual': 'Manual evidence',
    'g.id': 'Gate', 'g.star': 'Star', 'g.met': 'Met', 'g.why': 'Why', yes: 'yes', no: 'no',
    'i.item': 'Item', 'i.source': 'Source', 'i.points': 'Points', 'i.evidence': 'Evidence', 'src.auto': 'auto',
    'src.manual': 'manual', bonus: 'bonus', 'q.device': 'Device', 'q.kind': 'Kind', 'q.online': 'Online',
    'q.gap': 'Longest gap (min)', 'q.ok': 'OK', 'a.none': 'No applications', 'a.target': 'target {n} star(s)',
    'a.by': '{by} at {at}', 'a.valid': 'valid until {d}',
    'st.submitted': 'submitted', 'st.reviewed': 'reviewed', 'st.approved': 'approved', 'st.rejected': 'rejected',
    'act.comment': 'Comment', 'act.key': 'Adjust (item or gate id)', 'act.value': 'value', 'act.reason': 'reason',
    'act.review': 'Review', 'act.approve': 'Approve and publish', 'act.reject': 'Reject', 'act.report': 'Rating report', 'act.pdf': 'Download PDF',
    'a.on': 'at', 'd.legacy': '(rated before texts were given in both languages: the evidence as recorded)',
    'act.done': 'Done: {what}', 'act.failed': 'Failed: {msg}', 'act.need': 'Please fill in {what}',
    'm.key': 'Entry', 'm.value': 'Value', 'm.comment': 'Comment', 'm.save': 'Save entry', 'm.by': 'By',
    'm.declaration': 'Gate declaration', 'm.upTo': 'up to {n} points', 'm.confirm': '1 = confirmed',
    'self.title': 'Self-assessment (admin)', 'self.target': 'Target star', 'self.submit': 'Submit',
    'i.na': 'n/a', 'i.noev': 'no evidence', 'q.away': 'not in service',
    'd.scaling': 'Applicable maximum {applicable} (not applicable: {items}); base points {earned} scaled by {max}/{applicable} to {base}',
  },
});

const WINDOWS = [30, 90, 180, 365];
const state = { sites: [], windowDays: 90, ratings: new Map(), apps: new Map(), current: null, catalogue: null };

/**
 * A rating's text ({zh, en, verbatim} from the API, 1.1) in the console's language, its verbatim
 * parts (ids, people, what they entered) marked as codes; the English field when the rating has
 * no texts (rated before they were given in both languages).
 */
function said(text, fallback) {
  if (!text) return fallback ?? '';
  const s = text[currentLang()] ?? text.zh ?? fallback ?? '';
  const codes = (text.verbatim ?? []).filter((v) => v && s.includes(v)).sort((a, b) => b.length - a.length);
  if (!codes.length) return s;
  const re = new RegExp(`(${codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return s.split(re).map((part, i) => (i % 2 ? h('span', { class: 'code' }, part) : part));
}

/** Plain text of a rating's text, for attributes (titles). */
const saidText = (text, fallback) => (text ? text[currentLang()] ?? text.zh : fallback) ?? '';

const code = (s) => h('span', { class: 'code' }, s ?? '');

const starsOf = (n) => h('span', { class: 'stars', title: n ? t('stars', { n }) : t('no.star') },
  ...[1, 2, 3].map((i) => h('span', { class: i <= n ? 'on' : 'off' }, '★')));

shell({
  async check() {
    const sites = await api('/api/v1/sites');
    state.catalogue = await api('/api/v1/rating-catalogue');
    return sites.items;
  },
  onReady(sites) {
    state.sites = sites.sort((a, b) => a.region.localeCompare(b.region) || a.siteId.localeCompare(b.siteId));
    const sel = document.getElementById('f-window');
    sel.addEventListener('change', () => { state.windowDays = Number(sel.value); state.ratings.clear(); loadAll(); });
    window.addEventListener('sitewatch:lang', () => { renderSites(); if (state.current) showSite(state.current); });
    loadAll();
  },
});

function windowRange() {
  const to = Date.now();
  return { from: to - state.windowDays * 86_400_000, to };
}

async function loadAll() {
  renderSites();
  const queue = [...state.sites];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const { from, to } = windowRange();
      const [r, a] = await Promise.allSettled([
        api(`/api/v1/sites/${encodeURIComponent(s.siteId)}/rating?from=${from}&to=${to}`),
        api(`/api/v1/sites/${encodeURIComponent(s.siteId)}/ratings`),
      ]);
      state.ratings.set(s.siteId, r.status === 'fulfilled' ? r.value : { error: r.reason.message });
      if (a.status === 'fulfilled') state.apps.set(s.siteId, a.value);
      renderSites();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);   // at most four ratings computed at once
  if (state.current) showSite(state.current);
}

function renderSites() {
  translateStatic();
  const sel = document.getElementById('f-window');
  sel.replaceChildren(...WINDOWS.map((d) => h('option', { value: d, selected: d === state.windowDays }, t('w.' + d))));
  const c = state.catalogue;
  document.getElementById('catalogue').replaceChildren(...(c ? [t('catalogue.name'), ' ', code(c.label), ' ', t('catalogue.version', { version: c.version })] : []));
  document.querySelector('#sites tbody').replaceChildren(...state.sites.map((s) => {
    const r = state.ratings.get(s.siteId);
    const apps = state.apps.get(s.siteId);
    const latest = apps?.items?.[0];
    return h('tr', {
      dataset: { siteId: s.siteId }, class: state.current === s.siteId ? 'selected' : null,
      onclick: () => showSite(s.siteId),
    }, h('td', {}, h('b', {}, s.name || s.siteId), h('div', { class: 'sub code' }, s.siteId)), h('td', {}, regionName(s.region)),
    h('td', { class: 'computed-star' }, r ? (r.error ? h('span', { class: 'error' }, r.error) : starsOf(r.stars)) : t('loading')),
    h('td', { class: 'num' }, r && !r.error ? `${fmtNum(r.score)} / ${fmtNum(r.maxScore)}` : ''),
    h('td', {}, apps?.published ? starsOf(apps.published.result?.stars ?? apps.published.targetStar) : t('no.star')),
    h('td', {}, latest ? h('span', { class: `app-state ${latest.state}` }, t('st.' + latest.state)) : ''));
  }));
}

async function showSite(siteId) {
  state.current = siteId;
  renderSites();
  const panel = document.getElementById('site-panel');
  const site = state.sites.find((s) => s.siteId === siteId);
  let r = state.ratings.get(siteId);
  if (!r) {
    panel.replaceChildren(h('p', { class: 'empty' }, t('loading')));
    const { from, to } = windowRange();
    r = await api(`/api/v1/sites/${encodeURIComponent(siteId)}/rating?from=${from}&to=${to}`).catch((e) => ({ error: e.message }));
    state.ratings.set(siteId, r);
  }
  const [apps, history, manual] = await Promise.all([
    api(`/api/v1/sites/${encodeURIComponent(siteId)}/ratings`).catch(() => ({ items: [] })),
    api(`/api/v1/sites/${encodeURIComponent(siteId)}/rating-history`).catch(() => ({ items: [] })),
    api(`/api/v1/sites/${encodeURIComponent(siteId)}/manual-evidence`).catch(() => null),
  ]);
  state.apps.set(siteId, apps);
  if (state.current !== siteId) return;
  renderSites();
  panel.replaceChildren(
    h('h2', {}, site?.name ?? siteId, ' ', h('span', { class: 'sub' }, code(siteId), ` · ${regionName(site?.region)}`)),
    ...(r.error ? [h('p', { class: 'error' }, r.error)] : breakdown(r)),
    h('h3', {}, t('d.apps')), applications(siteId, apps),
    adminSubmit(siteId),
    h('h3', {}, t('d.history')),
    h('ol', { class: 'history', id: 'rating-history' }, (history.items ?? []).map((e) => h('li', {},
      h('time', {}, fmtTime(e.at)), ' #', e.submissionId, ' ', h('b', {}, t('st.' + e.state)), ' ', starsOf(e.stars), ' · ', code(e.actor),
      e.comment ? ` · “${e.comment}”` : ''))),
    ...(manual ? manualEvidence(siteId, manual) : []),
  );
}

function breakdown(r) {
  const out = [];
  const byId = new Map((r.items ?? []).map((i) => [i.id, i]));
  out.push(h('p', { class: 'verdict' }, starsOf(r.stars), ' ', r.starText ? said(r.starText) : '', ' ',
    t('d.score', { score: fmtNum(r.score), max: fmtNum(r.maxScore), base: fmtNum(r.baseScore), bonus: fmtNum(r.bonusScore) })));
  out.push(h('p', { class: 'sub', id: 'star-reason' }, `${t('d.reason')}: `, said(r.starReasonText, r.starReason),
    r.starReasonText ? '' : ` ${t('d.legacy')}`));
  if (r.scaling?.notApplicable?.length) {
    const names = r.scaling.notApplicable.map((id) => saidText(byId.get(id)?.nameText, byId.get(id)?.name ?? id));
    out.push(h('p', { class: 'sub', id: 'scaling' }, t('d.scaling', {
      applicable: fmtNum(r.scaling.applicableMaxPoints), items: names.join(currentLang() === 'zh' ? '、' : ', '),
      earned: fmtNum(r.scaling.earnedPoints), max: fmtNum(r.scaling.baseMaxPoints), base: fmtNum(r.baseScore),
    })));
  }
  out.push(h('h3', {}, t('d.gates')));
  out.push(h('table', { id: 'gates' }, h('thead', {}, h('tr', {}, ['g.id', 'g.star', 'g.met', 'g.why'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, (r.gates ?? []).map((g) => h('tr', { dataset: { gate: g.id } },
      h('td', {}, g.nameText ? said(g.nameText) : code(g.id)), h('td', {}, g.star),
      h('td', { class: g.met ? 'met-yes' : 'met-no' }, g.met ? t('yes') : t('no')), h('td', { class: 'evidence' }, said(g.whyText, g.why)))))));
  out.push(h('h3', {}, t('d.items')));
  const rows = [];
  let module = null;
  for (const i of r.items ?? []) {
    if (i.module !== module) {
      module = i.module;
      rows.push(h('tr', { class: 'module-row' }, h('td', { colspan: 4 }, said(i.moduleText, i.module))));
    }
    // status (catalogue 2026.1): not_applicable leaves the maximum, no_evidence is scored by the catalogue's rule
    const na = i.status === 'not_applicable';
    rows.push(h('tr', { dataset: { item: i.id, status: i.status ?? 'scored' } },
      h('td', {}, i.nameText ? said(i.nameText) : (i.name ?? i.id), h('div', { class: 'sub' }, code(i.id), i.bonus ? ` · ${t('bonus')}` : '')),
      h('td', {}, t('src.' + (i.source ?? 'auto'))),
      h('td', { class: `num ${na ? 'met-na' : i.met ? 'met-yes' : 'met-no'}` },
        na ? `${t('i.na')} / ${fmtNum(i.maxPoints)}` : `${fmtNum(i.points)} / ${fmtNum(i.maxPoints)}`,
        i.status === 'no_evidence' ? h('div', { class: 'sub' }, t('i.noev')) : null),
      h('td', { class: 'evidence' }, said(i.evidenceText, i.evidence))));
  }
  out.push(h('table', { id: 'items' }, h('thead', {}, h('tr', {}, ['i.item', 'i.source', 'i.points', 'i.evidence'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, rows)));
  const q = r.dataQuality;
  if (q?.devices?.length) {
    out.push(h('h3', {}, t('d.quality', { rate: `${Math.round(q.minOnlineRate * 100)}%`, gap: q.maxGapMinutes })));
    out.push(h('table', { id: 'quality' }, h('thead', {}, h('tr', {}, ['q.device', 'q.kind', 'q.online', 'q.gap', 'q.ok'].map((k) => h('th', {}, t(k))))),
      h('tbody', {}, q.devices.map((d) => h('tr', { dataset: { device: d.deviceId } }, h('td', {}, code(d.deviceId)), h('td', {}, t('kind.' + d.kind)),
        h('td', { class: 'num' }, (d.onlineRate * 100).toFixed(1), h('span', { class: 'unit' }, '%')), h('td', { class: 'num' }, d.longestGapMinutes),
        d.expectedMinutes === 0
          ? h('td', { class: 'met-na', title: saidText(d.whyText, d.why) }, t('q.away'))
          : h('td', { class: d.ok ? 'met-yes' : 'met-no', title: saidText(d.whyText, d.why) }, d.ok ? t('yes') : said(d.whyText, d.why)))))));
  }
  return out;
}

function applications(siteId, apps) {
  if (!apps.items?.length) return h('p', { class: 'sub' }, t('a.none'));
  return h('div', { id: 'applications' }, apps.items.map((a) => {
    const msg = h('p', { class: 'ack-msg', role: 'status' });
    const comment = h('input', { type: 'text', placeholder: t('act.comment'), class: 'act-comment' });
    const key = h('input', { type: 'text', placeholder: t('act.key'), class: 'act-key' });
    const value = h('input', { type: 'number', step: 'any', placeholder: t('act.value'), class: 'act-value', style: 'width:6em' });
    const reason = h('input', { type: 'text', placeholder: t('act.reason'), class: 'act-reason' });
    const act = (what, path, body, need) => async () => {
      if (need && !need()) return;
      try {
        await api(`/api/v1/ratings/${a.id}/${path}`, { method: 'POST', body: body() });
        msg.className = 'ack-msg met-yes';
        msg.textContent = t('act.done', { what });
        state.ratings.delete(siteId);
        showSite(siteId);
      } catch (e) {
        msg.className = 'ack-msg error';
        msg.textContent = t('act.failed', { msg: e.message });
      }
    };
    const open = a.state === 'submitted' || a.state === 'reviewed';
    const res = a.result;
    return h('div', { class: 'actions', dataset: { applicationId: a.id, state: a.state } },
      h('div', { class: 'row' }, h('b', {}, `#${a.id}`), h('span', { class: `app-state ${a.state}` }, t('st.' + a.state)),
        t('a.target', { n: a.targetStar }), res ? starsOf(res.stars) : '', res ? `${fmtNum(res.score)} / ${fmtNum(res.maxScore)}` : '',
        h('span', { class: 'sub' }, `${fmtTime(a.from).slice(0, 10)} – ${fmtTime(a.to).slice(0, 10)} · `, code(a.submittedBy), ` ${t('a.on')} ${fmtTime(a.submittedAt)}`),
        a.validUntil ? h('span', { class: 'sub' }, t('a.valid', { d: fmtTime(a.validUntil).slice(0, 10) })) : '',
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'secondary act-report', onclick: () => openReport(a.id, 'html') }, t('act.report')),
        h('button', { type: 'button', class: 'secondary act-pdf', onclick: () => openReport(a.id, 'pdf') }, t('act.pdf'))),
      a.selfComment ? h('div', { class: 'sub' }, a.selfComment) : null,
      a.reviewComment ? h('div', { class: 'sub' }, code(a.reviewedBy), `: ${a.reviewComment}`) : null,
      ...(a.adjustments ?? []).map((j) => h('div', { class: 'sub' }, code(j.key), ` = ${j.value} · ${j.reason} · `, code(j.by))),
      open ? h('div', { class: 'row' }, key, value, reason) : null,
      open ? h('div', { class: 'row' }, comment,
        h('button', {
          type: 'button', class: 'act-review',
          onclick: act(t('act.review'), 'review', () => ({
            comment: comment.value.trim() || undefined,
            adjustments: key.value.trim() ? [{ key: key.value.trim(), value: Number(value.value), reason: reason.value.trim() }] : [],
          }), () => !key.value.trim() || (value.value !== '' && reason.value.trim()) || (msg.textContent = t('act.need', { what: t('act.reason') }), false)),
        }, t('act.review')),
        a.state === 'reviewed' ? h('button', { type: 'button', class: 'act-approve',
          onclick: act(t('act.approve'), 'approve', () => ({ comment: comment.value.trim() || undefined })) }, t('act.approve')) : null,
        h('button', { type: 'button', class: 'danger act-reject',
          onclick: act(t('act.reject'), 'reject', () => ({ comment: comment.value.trim() }),
            () => comment.value.trim() || (msg.textContent = t('act.need', { what: t('act.comment') }), false)) }, t('act.reject'))) : null,
      msg);
  }));
}

/** The 评价报告 (printable page or PDF) in the console's language. */
async function openReport(id, format) {
  // The report needs the bearer token, so it is fetched and shown from a blob rather than linked.
  const res = await fetch(`/api/v1/ratings/${id}/report?format=${format}&lang=${currentLang()}`,
    { headers: { Authorization: `Bearer ${session.token()}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const type = format === 'pdf' ? 'application/pdf' : 'text/html';
  const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
  window.open(url, '_blank');
}

function adminSubmit(siteId) {
  const target = h('select', { class: 'self-target' }, [1, 2, 3].map((n) => h('option', { value: n }, t('stars', { n }))));
  const comment = h('input', { type: 'text', placeholder: t('act.comment') });
  const msg = h('p', { class: 'ack-msg', role: 'status' });
  return h('details', { class: 'actions' }, h('summary', {}, t('self.title')),
    h('div', { class: 'row' }, t('self.target'), target, comment, h('button', {
      type: 'button', onclick: async () => {
        const { from, to } = windowRange();
        try {
          await api(`/api/v1/sites/${encodeURIComponent(siteId)}/ratings`, { method: 'POST',
            body: { targetStar: Number(target.value), from, to, comment: comment.value.trim() || undefined } });
          showSite(siteId);
        } catch (e) { msg.textContent = t('act.failed', { msg: e.message }); }
      },
    }, t('self.submit'))), msg);
}

/** Gates the rating staff declare (check: declaration), by id, as they read in the 评价指引. */
const DECLARATIONS = {
  no_accident: ['无一般及以上质量安全事故', 'No quality or safety accident of grade "general" or above'],
  no_wage_arrears: ['无造成不良社会影响的恶意欠薪', 'No malicious wage arrears with bad social impact'],
};

/**
 * What rating staff may enter for a site, from the catalogue in force: the declarations of its
 * gates (1 = confirmed) and the items scored from documents (points up to the item's maximum).
 */
function manualChoices() {
  const c = state.catalogue?.catalogue;
  if (!c) return [];
  const en = currentLang() === 'en';
  // names as the catalogue gives them (nameEn since they are given in both languages), else as known here
  const gates = (c.gates ?? []).filter((g) => g.check === 'declaration').map((g) => ({
    key: g.id, label: `${t('m.declaration')} · ${(en ? g.nameEn : g.name) ?? (DECLARATIONS[g.id] ?? [g.id, g.id])[en ? 1 : 0]}`, max: 1, declaration: true,
  }));
  const moduleName = (m) => (c.modules ?? []).find((x) => x.id === m)?.[en ? 'nameEn' : 'name'] ?? m;
  const items = [...(c.items ?? []), ...(c.bonus?.items ?? [])].filter((i) => i.evidence === 'manual').map((i) => ({
    key: i.id, label: `${moduleName(i.module)} · ${(en ? i.nameEn : i.name) ?? i.name}（${t('m.upTo', { n: i.maxPoints })}）`, max: i.maxPoints, declaration: false,
  }));
  return [...gates, ...items];
}

function manualEvidence(siteId, manual) {
  const choices = manualChoices();
  const key = choices.length
    ? h('select', { class: 'm-key', 'aria-label': t('m.key') }, choices.map((c) => h('option', { value: c.key }, c.label)))
    : h('input', { class: 'm-key', type: 'text', placeholder: t('m.key') });
  const value = h('input', { class: 'm-value', type: 'number', step: 'any', min: 0, placeholder: t('m.value'), style: 'width:6em',
    'aria-label': t('m.value') });
  const fit = () => {
    const c = choices.find((x) => x.key === key.value);
    if (!c) return;
    value.max = c.max;
    value.placeholder = c.declaration ? t('m.confirm') : t('m.upTo', { n: c.max });
    if (c.declaration) value.value = '1';
  };
  key.addEventListener('change', fit);
  fit();
  const comment = h('input', { class: 'm-comment', type: 'text', placeholder: t('m.comment'), 'aria-label': t('m.comment') });
  const msg = h('p', { class: 'ack-msg', role: 'status' });
  const entries = Object.entries(manual.entries ?? {});
  return [h('h3', {}, t('d.manual')),
    entries.length ? h('table', {}, h('tbody', {}, entries.map(([k, e]) => h('tr', { dataset: { key: k } }, h('td', {}, choices.find((c) => c.key === k)?.label ?? k), h('td', { class: 'num' }, fmtNum(e.value)),
      h('td', { class: 'evidence' }, e.comment), h('td', { class: 'sub' }, code(e.by), ` · ${fmtTime(e.atMs)}`))))) : null,
    h('div', { class: 'actions' }, h('div', { class: 'row' }, key, value, comment, h('button', {
      type: 'button', class: 'act-manual-save', onclick: async () => {
        if (!key.value.trim() || value.value === '' || !comment.value.trim()) { msg.textContent = t('act.need', { what: `${t('m.key')} / ${t('m.value')} / ${t('m.comment')}` }); return; }
        try {
          await api(`/api/v1/sites/${encodeURIComponent(siteId)}/manual-evidence/${encodeURIComponent(key.value.trim())}`,
            { method: 'PUT', body: { value: Number(value.value), comment: comment.value.trim() } });
          state.ratings.delete(siteId);
          showSite(siteId);
        } catch (e) { msg.textContent = t('act.failed', { msg: e.message }); }
      },
    }, t('m.save'))), msg)].filter((c) => c != null);
}
