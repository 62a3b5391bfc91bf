// Site console (role site): the project's own alarms, live, and the site's report of how it handled
// each one (处置: work stopped, rectified, false alarm) with a photo's SHA-256. Acknowledging stays
// the regulator's act; the regulator sees each disposal live in the alarm's history. Below, the
// project's hazards of the ledger: the site reports each open one rectified (text and a photo's
// SHA-256), and sees why a review sent one back.
import { addStrings, api, fmtTime, h, openStream, ruleName, shell, t, translateStatic } from '../assets/common.js';
import { HAZARD_STRINGS, categoryText, clauseLabel, clauseOf, hazardText } from '../assets/hazard-common.js';
import { LETTER_STRINGS, bodyParagraphs, letterTitle, openLetterReport } from '../assets/letter-common.js';

addStrings(HAZARD_STRINGS);
addStrings(LETTER_STRINGS);
addStrings({
  zh: {
    'letters.title': '警示函', 'letters.empty': '暂无警示函',
    'letters.hint': '监管部门根据数字化预警下发的警示函；请在回复期限内报告整改情况，可附证明材料（只上报其 SHA-256 指纹）。',
    'lcol.id': '编号', 'lcol.state': '状态', 'lcol.title': '函件', 'lcol.issued': '下发', 'lcol.deadline': '回复期限', 'lcol.answer': '回复',
    'act.answer': '回复', 'act.view': '查看', 'ax.title': '回复警示函', 'ax.text': '整改情况',
    'ax.file': '证明材料（可选；只上报文件的 SHA-256 指纹，文件留存于项目）', 'ax.failed': '提交失败：{msg}',
    'ax.returned': '监管部门于 {t} 退回：{c}', 'ax.answered': '已于 {t} 回复',
  },
  en: {
    'letters.title': 'Warning letters', 'letters.empty': 'No warning letters',
    'letters.hint': 'Letters the regulator sent after the digital early warning; answer on the rectification by the deadline, with evidence if you have it (only its SHA-256 fingerprint is sent).',
    'lcol.id': 'No.', 'lcol.state': 'State', 'lcol.title': 'Letter', 'lcol.issued': 'Issued', 'lcol.deadline': 'Answer by', 'lcol.answer': 'Answer',
    'act.answer': 'Answer', 'act.view': 'View', 'ax.title': 'Answer the letter', 'ax.text': 'What was rectified',
    'ax.file': 'Evidence (optional; only its SHA-256 fingerprint is sent, the file stays with the project)', 'ax.failed': 'Could not submit: {msg}',
    'ax.returned': 'Returned by the regulator at {t}: {c}', 'ax.answered': 'Answered at {t}',
  },
});
addStrings({
  zh: {
    'hazards.title': '本项目隐患', 'hazards.empty': '暂无隐患',
    'hazards.hint': '监管部门登记、记录仪上报和监测告警发现的隐患；整改后请在此报告整改情况并附整改照片，由监管部门复查销号。',
    'hcol.level': '等级', 'hcol.state': '状态', 'hcol.clause': '判定依据', 'hcol.text': '隐患描述', 'hcol.reported': '发现',
    'hcol.deadline': '整改期限', 'hcol.rectify': '整改', 'act.rectify': '报告整改', 'rx.title': '报告整改情况',
    'rx.text': '整改措施与结果', 'rx.photo': '整改照片（只上报照片的 SHA-256 指纹，照片留存于项目）',
    'rx.needPhoto': '请选择整改照片', 'rx.reviewed': '复查意见（{by}，{t}）：{c}', 'rx.failed': '提交失败：{msg}',
  },
  en: {
    'hazards.title': 'Hazards of this project', 'hazards.empty': 'No hazards',
    'hazards.hint': 'Hazards entered by the regulator, reported by the recorders or found by monitoring alarms; once fixed, report the rectification here with a photo, for the regulator to review and close.',
    'hcol.level': 'Level', 'hcol.state': 'State', 'hcol.clause': 'Clause', 'hcol.text': 'Hazard', 'hcol.reported': 'Found',
    'hcol.deadline': 'Deadline', 'hcol.rectify': 'Rectification', 'act.rectify': 'Report rectified', 'rx.title': 'Report the rectification',
    'rx.text': 'What was done, and the result', 'rx.photo': 'Photo (only its SHA-256 fingerprint is sent; the photo stays with the project)',
    'rx.needPhoto': 'Choose the photo of the rectification', 'rx.reviewed': 'Review ({by}, {t}): {c}', 'rx.failed': 'Could not submit: {msg}',
  },
});

addStrings({
  zh: {
    title: '项目现场控制台', 'alarms.title': '本项目告警', 'alarms.empty': '暂无告警',
    'alarms.hint': '告警由监管部门确认；现场请在此报告处置情况（停止作业、整改、误报），并附现场照片。',
    'col.level': '级别', 'col.state': '状态', 'col.site': '工地', 'col.device': '设备', 'col.rule': '规则', 'col.start': '开始',
    'col.disposal': '处置', 'act.dispose': '报告处置', 'd.title': '报告处置情况', 'd.action': '处置措施', 'd.comment': '说明',
    'd.photo': '现场照片（只上报照片的 SHA-256 指纹，照片留存于项目）', 'd.submit': '提交', close: '关闭',
    'd.failed': '提交失败：{msg}', 'd.hashing': '正在计算照片指纹…',
    'live.open': '实时连接', 'live.retrying': '正在重连…', 'live.off': '未连接', 'live.denied': '无权订阅',
  },
  en: {
    title: 'Site console', 'alarms.title': 'Alarms of this project', 'alarms.empty': 'No alarms',
    'alarms.hint': 'Alarms are acknowledged by the regulator; report here how the site handled each one (work stopped, rectified, false alarm), with a photo.',
    'col.level': 'Level', 'col.state': 'State', 'col.site': 'Site', 'col.device': 'Device', 'col.rule': 'Rule', 'col.start': 'Started',
    'col.disposal': 'Handling', 'act.dispose': 'Report handling', 'd.title': 'Report how it was handled', 'd.action': 'What was done',
    'd.comment': 'Comment', 'd.photo': 'Photo (only its SHA-256 fingerprint is sent; the photo stays with the project)',
    'd.submit': 'Submit', close: 'Close', 'd.failed': 'Could not submit: {msg}', 'd.hashing': 'Computing the photo fingerprint…',
    'live.open': 'Live', 'live.retrying': 'Reconnecting…', 'live.off': 'Not connected', 'live.denied': 'Not allowed to subscribe',
  },
});

const ACTIONS = ['stopped_work', 'rectified', 'false_alarm', 'other'];
const state = { sites: new Map(), alarms: [], disposals: new Map(), target: null, photoHash: null,
  hazards: [], reviews: new Map(), hazardTarget: null, rectifyHash: null, letters: [], letter: null, answerHash: null };

shell({
  async check() {
    const sites = await api('/api/v1/sites');
    await api('/api/v1/alarms?limit=1');
    return sites.items;
  },
  onReady(sites) {
    state.sites = new Map(sites.map((s) => [s.siteId, s]));
    window.addEventListener('sitewatch:lang', () => { render(); renderHazards(); renderLetters(); if (state.letter) renderLetter(); });
    document.getElementById('answer-file').addEventListener('change', hashAnswerFile);
    document.getElementById('answer-form').addEventListener('submit', submitAnswer);
    document.getElementById('letter').addEventListener('close', () => { state.letter = null; });
    loadLetters();
    setInterval(loadLetters, 30_000);
    document.getElementById('dispose-cancel').addEventListener('click', () => document.getElementById('dispose').close());
    document.getElementById('dispose-photo').addEventListener('change', hashPhoto);
    document.getElementById('dispose-form').addEventListener('submit', submit);
    document.getElementById('rectify-cancel').addEventListener('click', () => document.getElementById('rectify').close());
    document.getElementById('rectify-photo').addEventListener('change', hashRectifyPhoto);
    document.getElementById('rectify-form').addEventListener('submit', submitRectify);
    loadHazards();
    // Hazards change a few times a week: read again every half minute.
    setInterval(loadHazards, 30_000);
    openStream('/api/v1/alarms/stream', (event, a) => {
      if (event !== 'alarm') return;
      if (a.transition === 'disposed') state.disposals.set(a.id, a);
      reload();
    }, (s) => {
      const live = document.getElementById('live');
      live.dataset.state = s;
      live.textContent = t('live.' + s);
    });
    reload();
  },
});

async function reload() {
  const res = await api('/api/v1/alarms?state=all&limit=200');
  state.alarms = res.items.filter((a) => a.state !== 'cleared' || Date.now() - (a.endTs ?? 0) < 86_400_000);
  // The latest handling of each alarm shown, from its history (a project has few open alarms).
  await Promise.all(state.alarms.filter((a) => !state.disposals.has(a.id)).map(async (a) => {
    const d = await api(`/api/v1/alarms/${encodeURIComponent(a.id)}`);
    const last = (d.history ?? []).filter((e) => e.transition === 'disposed').pop();
    if (last) state.disposals.set(a.id, { ...last, id: a.id });
  }));
  render();
}

function render() {
  translateStatic();
  const live = document.getElementById('live');
  live.textContent = t('live.' + live.dataset.state);
  document.querySelector('#alarms tbody').replaceChildren(...state.alarms.map((a) => {
    const done = state.disposals.get(a.id);
    return h('tr', { class: `level-${a.level} state-${a.state}`, dataset: { alarmId: a.id, rule: a.rule } },
      h('td', {}, h('span', { class: `pill ${a.level}` }, t('level.' + a.level))),
      h('td', {}, t('state.' + a.state)),
      h('td', {}, state.sites.get(a.siteId)?.name ?? a.siteId),
      h('td', {}, a.deviceId, h('div', { class: 'sub' }, t('kind.' + a.kind))),
      h('td', {}, ruleName(a.rule)),
      h('td', {}, fmtTime(a.startTs)),
      h('td', { class: 'disposal' }, done ? h('span', { class: 'done' }, `${t('action.' + done.action)} · ${fmtTime(done.at)}`) : null,
        ' ', h('button', { type: 'button', class: 'act-dispose', onclick: () => openDispose(a) }, t('act.dispose'))));
  }));
  document.getElementById('alarms-empty').hidden = state.alarms.length > 0;
  document.getElementById('alarm-count').textContent = state.alarms.length;
}

async function loadHazards() {
  const res = await api('/api/v1/hazards?state=all&limit=500');
  // Closed ones stay in view for a month after their closing.
  state.hazards = res.items.filter((hz) => hz.state !== 'closed' || Date.now() - (hz.closedTs ?? 0) < 30 * 86_400_000);
  // Why a review sent a hazard back: the last rejection's comment, from the open ones' histories.
  await Promise.all(state.hazards.filter((hz) => hz.state === 'open').map(async (hz) => {
    const d = await api(`/api/v1/hazards/${encodeURIComponent(hz.id)}`);
    const last = d.history.filter((e) => e.transition === 'reopened').pop();
    if (last) state.reviews.set(hz.id, last); else state.reviews.delete(hz.id);
  }));
  renderHazards();
}

function renderHazards() {
  document.querySelector('#hazards tbody').replaceChildren(...state.hazards.map((hz) => h('tr',
    { dataset: { hazardId: hz.id, state: hz.state }, class: hz.overdue ? 'level-alarm' : '' },
    h('td', {}, h('span', { class: `pill ${hz.level}` }, t('hlevel.' + hz.level))),
    h('td', {}, h('span', { class: `hstate ${hz.state}` }, t('hstate.' + hz.state)),
      hz.overdue ? h('span', { class: 'overdue-tag' }, t('hz.overdue')) : null),
    h('td', {}, clauseLabel(hz) ?? t('time.none')),
    h('td', { class: 'text' }, hazardText(hz), h('div', { class: 'sub' }, `${categoryText(hz)} · ${hz.id}`)),
    h('td', {}, fmtTime(hz.reportedTs)),
    h('td', { class: hz.overdue ? 'overdue' : '' }, fmtTime(hz.deadlineTs)),
    h('td', {}, hz.state === 'open'
      ? h('button', { type: 'button', class: 'act-rectify', onclick: () => openRectify(hz) }, t('act.rectify'))
      : hz.rectifiedTs ? h('span', { class: 'done' }, fmtTime(hz.rectifiedTs)) : null))));
  document.getElementById('hazards-empty').hidden = state.hazards.length > 0;
  document.getElementById('hazard-count').textContent = state.hazards.length;
}

function openRectify(hz) {
  state.hazardTarget = hz;
  state.rectifyHash = null;
  const clause = clauseOf(hz);
  document.getElementById('rectify-what').textContent = `${hz.id} · ${hazardText(hz)}${clause ? ' · ' + clause : ''}`;
  const review = state.reviews.get(hz.id);
  document.getElementById('rectify-review').textContent = review
    ? t('rx.reviewed', { by: review.by, t: fmtTime(review.at), c: review.comment ?? '' }) : '';
  document.getElementById('rectify-text').value = '';
  document.getElementById('rectify-photo').value = '';
  document.getElementById('rectify-hash').textContent = '';
  document.getElementById('rectify-msg').textContent = '';
  document.getElementById('rectify').showModal();
}

async function hashRectifyPhoto(ev) {
  const file = ev.target.files[0];
  const out = document.getElementById('rectify-hash');
  state.rectifyHash = null;
  if (!file) { out.textContent = ''; return; }
  out.textContent = t('d.hashing');
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  state.rectifyHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  out.textContent = `SHA-256 ${state.rectifyHash}`;
}

async function submitRectify(ev) {
  ev.preventDefault();
  const msg = document.getElementById('rectify-msg');
  if (!state.rectifyHash) { msg.textContent = t('rx.needPhoto'); return; }
  try {
    await api(`/api/v1/hazards/${encodeURIComponent(state.hazardTarget.id)}/rectify`, { method: 'POST',
      body: { text: document.getElementById('rectify-text').value.trim(), photoSha256: state.rectifyHash } });
    document.getElementById('rectify').close();
    await loadHazards();
  } catch (e) {
    msg.textContent = t('rx.failed', { msg: e.message });
  }
}

function openDispose(a) {
  state.target = a;
  state.photoHash = null;
  document.getElementById('dispose-what').textContent = `${a.deviceId} · ${ruleName(a.rule)} · ${fmtTime(a.startTs)}`;
  document.getElementById('dispose-action').replaceChildren(...ACTIONS.map((x) => h('option', { value: x }, t('action.' + x))));
  document.getElementById('dispose-comment').value = '';
  document.getElementById('dispose-photo').value = '';
  document.getElementById('dispose-hash').textContent = '';
  document.getElementById('dispose-msg').textContent = '';
  document.getElementById('dispose').showModal();
}

async function hashPhoto(ev) {
  const file = ev.target.files[0];
  const out = document.getElementById('dispose-hash');
  state.photoHash = null;
  if (!file) { out.textContent = ''; return; }
  out.textContent = t('d.hashing');
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  state.photoHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  out.textContent = `SHA-256 ${state.photoHash}`;
}

async function submit(ev) {
  ev.preventDefault();
  const a = state.target;
  const msg = document.getElementById('dispose-msg');
  try {
    const body = { action: document.getElementById('dispose-action').value, comment: document.getElementById('dispose-comment').value.trim() || null };
    if (state.photoHash) body.photoSha256 = state.photoHash;
    const done = await api(`/api/v1/alarms/${encodeURIComponent(a.id)}/dispose`, { method: 'POST', body });
    state.disposals.set(a.id, done);
    document.getElementById('dispose').close();
    render();
  } catch (e) {
    msg.textContent = t('d.failed', { msg: e.message });
  }
}

// ------------------------------------------------------------------ warning letters

async function loadLetters() {
  const res = await api('/api/v1/letters?limit=200');
  state.letters = res.items;
  renderLetters();
}

function renderLetters() {
  document.querySelector('#letters tbody').replaceChildren(...state.letters.map((l) => h('tr',
    { dataset: { letterId: l.id, state: l.state }, class: l.overdue ? 'level-alarm' : '' },
    h('td', {}, h('span', { class: 'code' }, l.id)),
    h('td', {}, h('span', { class: `lstate ${l.state}` }, t('lstate.' + l.state)),
      l.overdue ? h('span', { class: 'overdue-tag' }, t('l.overdue')) : null),
    h('td', { class: 'text' }, letterTitle(l), h('div', { class: 'sub' }, l.targetName)),
    h('td', {}, fmtTime(l.issuedTs)),
    h('td', { class: l.overdue ? 'overdue' : '' }, fmtTime(l.deadlineTs)),
    h('td', {}, h('button', { type: 'button', class: l.state === 'issued' ? 'act-answer' : 'secondary act-view',
      onclick: () => openLetter(l.id) }, t(l.state === 'issued' ? 'act.answer' : 'act.view'))))));
  document.getElementById('letters-empty').hidden = state.letters.length > 0;
  document.getElementById('letter-count').textContent = state.letters.length;
}

async function openLetter(id) {
  state.letter = await api(`/api/v1/letters/${encodeURIComponent(id)}`);
  state.answerHash = null;
  document.getElementById('answer-text').value = '';
  document.getElementById('answer-file').value = '';
  document.getElementById('answer-hash').textContent = '';
  document.getElementById('answer-msg').textContent = '';
  renderLetter();
  const dlg = document.getElementById('letter');
  if (!dlg.open) dlg.showModal();
}

function renderLetter() {
  const l = state.letter;
  const returned = l.history.filter((e) => e.transition === 'returned').pop();
  document.getElementById('letter-body').replaceChildren(
    h('h2', {}, letterTitle(l), ' ', h('span', { class: `lstate ${l.state}` }, t('lstate.' + l.state)), ' ', h('code', { class: 'sub' }, l.id)),
    h('p', { class: 'sub' }, `${t('lcol.deadline')} ${fmtTime(l.deadlineTs)}`, l.overdue ? h('span', { class: 'overdue-tag' }, t('l.overdue')) : null,
      l.answeredTs ? ` · ${t('ax.answered', { t: fmtTime(l.answeredTs) })}` : ''),
    h('div', { class: 'letter-body' }, ...bodyParagraphs(l)),
    h('div', { class: 'letter-print' },
      h('button', { type: 'button', class: 'secondary', onclick: () => openLetterReport(l.id, 'html') }, t('l.print')),
      h('button', { type: 'button', class: 'secondary', onclick: () => openLetterReport(l.id, 'pdf') }, t('l.pdf'))));
  document.getElementById('answer-form').hidden = l.state !== 'issued';
  document.getElementById('answer-returned').textContent = l.state === 'issued' && returned
    ? t('ax.returned', { t: fmtTime(returned.at), c: returned.comment ?? '' }) : '';
}

async function hashAnswerFile(ev) {
  const file = ev.target.files[0];
  const out = document.getElementById('answer-hash');
  state.answerHash = null;
  if (!file) { out.textContent = ''; return; }
  out.textContent = t('d.hashing');
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  state.answerHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  out.textContent = `SHA-256 ${state.answerHash}`;
}

async function submitAnswer(ev) {
  ev.preventDefault();
  const msg = document.getElementById('answer-msg');
  try {
    const body = { text: document.getElementById('answer-text').value.trim() };
    if (state.answerHash) body.attachmentSha256 = state.answerHash;
    await api(`/api/v1/letters/${encodeURIComponent(state.letter.id)}/answer`, { method: 'POST', body });
    await openLetter(state.letter.id);
    loadLetters();
  } catch (e) {
    msg.textContent = t('ax.failed', { msg: e.message });
  }
}
