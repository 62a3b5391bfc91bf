// Admin console: messages the service refused (dead letters) with plain reasons and their raw
// payload, the people who sign in with their role and scope, and the audit log of writes.
import { addStrings, api, fmtTime, h, regionLabel, shell, t, translateStatic, code } from '../assets/common.js';

const REASONS = ['payload_too_large', 'bad_topic', 'unknown_device', 'wrong_site', 'bad_json', 'missing_ts', 'future_ts',
  'past_ts', 'out_of_range', 'bad_value', 'bad_schema', 'bad_event', 'unstorable'];
const ROLES = ['admin', 'regulator', 'rater', 'device-admin', 'site'];

addStrings({
  zh: {
    title: '系统管理', 'nav.console': '监管控制台', 'dl.title': '被拒收的消息（死信）',
    'dl.hint': '设备发来但未能入库的消息，按原因归类，原始内容完整保留，便于通知设备厂商修正。',
    'dl.reason': '原因', 'dl.window': '时段', 'dl.empty': '该时段没有被拒收的消息', 'dl.all': '全部',
    'w.1': '最近 1 小时', 'w.24': '最近 24 小时', 'w.168': '最近 7 天',
    'col.time': '时间', 'col.device': '设备', 'col.reason': '原因', 'col.detail': '说明', 'col.payload': '原始内容',
    'r.payload_too_large': '消息过大', 'r.bad_topic': '主题格式不符', 'r.unknown_device': '未登记的设备',
    'r.wrong_site': '设备不属于该工地', 'r.bad_json': '消息内容无法解析（格式错误）', 'r.missing_ts': '缺少时间戳 ts',
    'r.future_ts': '时间戳在未来（设备时钟快了，或单位是微秒）', 'r.past_ts': '时间戳过早（常见原因：用秒代替了毫秒，或设备时钟未校准）',
    'r.out_of_range': '数值超出物理范围', 'r.bad_value': '数值不是数字', 'r.bad_schema': '消息结构不符合协议',
    'r.bad_event': '事件类型或字段不符合协议', 'r.unstorable': '数据库拒绝写入',
    'u.title': '用户与角色', 'u.username': '用户名', 'u.name': '姓名', 'u.role': '角色', 'u.scope': '范围',
    'u.add': '新增或修改用户', 'u.regions': '区划（监管人员）', 'u.sites': '工地（项目人员）',
    'u.password': '密码（新用户必填；留空则不修改）', 'u.save': '保存', 'u.saved': '已保存：{u}', 'u.failed': '保存失败：{msg}',
    'a.title': '操作审计', 'a.user': '操作人', 'a.window': '时段', 'a.outcome': '结果', 'a.empty': '该时段没有写操作',
    'a.hint': '每一次写操作（新增、修改、删除、确认、登录）都留有记录：谁、何时、对哪个对象、结果如何、从哪个地址；被拒绝的也记录。不记录密码和请求内容。',
    'a.col.who': '操作人', 'a.col.what': '操作', 'a.col.target': '对象', 'a.col.result': '结果', 'a.col.from': '来源地址',
    'a.anyone': '未登录', 'a.all': '全部', 'a.done': '成功', 'a.refused': '被拒绝', 'a.failed': '读取审计记录失败：{msg}',
    's.2xx': '成功', 's.400': '请求有误', 's.401': '未认证', 's.403': '无权限', 's.404': '不存在或不在范围内', 's.409': '状态冲突',
    's.413': '请求过大', 's.422': '内容无效', 's.429': '尝试过多，已限制', 's.5xx': '服务出错', 's.0': '客户端已断开', 's.other': '其他',
  },
  en: {
    title: 'Administration', 'nav.console': 'Regulator console', 'dl.title': 'Refused messages (dead letters)',
    'dl.hint': 'Messages devices sent that could not be stored, by reason, with their raw payload kept, so the device vendor can be told what to fix.',
    'dl.reason': 'Reason', 'dl.window': 'Window', 'dl.empty': 'No refused messages in this window', 'dl.all': 'All',
    'w.1': 'Last hour', 'w.24': 'Last 24 hours', 'w.168': 'Last 7 days',
    'col.time': 'Time', 'col.device': 'Device', 'col.reason': 'Reason', 'col.detail': 'Detail', 'col.payload': 'Payload',
    'r.payload_too_large': 'Message too large', 'r.bad_topic': 'Topic not in the protocol\'s form', 'r.unknown_device': 'Device not registered',
    'r.wrong_site': 'Device belongs to another site', 'r.bad_json': 'Not valid JSON', 'r.missing_ts': 'No ts',
    'r.future_ts': 'ts in the future (a fast device clock, or microseconds)', 'r.past_ts': 'ts too early (usually seconds sent for milliseconds, or a clock never set)',
    'r.out_of_range': 'Value outside its physical range', 'r.bad_value': 'Value is not a number', 'r.bad_schema': 'Structure not as the protocol says',
    'r.bad_event': 'Event type or fields not as the protocol says', 'r.unstorable': 'Refused by the database',
    'u.title': 'Users and roles', 'u.username': 'Username', 'u.name': 'Name', 'u.role': 'Role', 'u.scope': 'Scope',
    'u.add': 'Add or change a user', 'u.regions': 'Regions (regulators)', 'u.sites': 'Sites (site staff)',
    'u.password': 'Password (required for a new user; empty keeps it)', 'u.save': 'Save', 'u.saved': 'Saved: {u}', 'u.failed': 'Could not save: {msg}',
    'a.title': 'Audit log', 'a.user': 'Account', 'a.window': 'Window', 'a.outcome': 'Outcome', 'a.empty': 'No writes in this window',
    'a.hint': 'Every write (create, change, delete, acknowledge, sign-in) is recorded: who, when, on what, with what outcome and from which address; refused ones too. No password or request body is kept.',
    'a.col.who': 'Who', 'a.col.what': 'Request', 'a.col.target': 'Object', 'a.col.result': 'Outcome', 'a.col.from': 'Address',
    'a.anyone': 'not signed in', 'a.all': 'All', 'a.done': 'Done', 'a.refused': 'Refused', 'a.failed': 'Could not read the audit log: {msg}',
    's.2xx': 'done', 's.400': 'invalid request', 's.401': 'not signed in', 's.403': 'forbidden', 's.404': 'not found or out of scope',
    's.409': 'conflict', 's.413': 'too large', 's.422': 'invalid content', 's.429': 'too many attempts', 's.5xx': 'server error',
    's.0': 'client left', 's.other': 'other',
  },
});

const state = { reason: '', hours: 24, deadletters: [], users: [], audit: [], auditUser: '', auditHours: 24, auditOutcome: '' };

shell({
  async check() {
    return api('/api/v1/users'); // admins only: others get 403 and the sign-in form says so
  },
  onReady(users) {
    state.users = users.items;
    window.addEventListener('sitewatch:lang', render);
    document.getElementById('dl-reason').addEventListener('change', (e) => { state.reason = e.target.value; loadDeadLetters(); });
    document.getElementById('dl-window').addEventListener('change', (e) => { state.hours = Number(e.target.value); loadDeadLetters(); });
    document.getElementById('user-form').addEventListener('submit', saveUser);
    document.getElementById('a-window').addEventListener('change', (e) => { state.auditHours = Number(e.target.value); loadAudit(); });
    document.getElementById('a-outcome').addEventListener('change', (e) => { state.auditOutcome = e.target.value; render(); });
    const user = document.getElementById('a-user');
    user.addEventListener('change', () => { if (user.checkValidity()) { state.auditUser = user.value.trim(); loadAudit(); } });
    document.getElementById('audit-filters').addEventListener('submit', (e) => e.preventDefault());
    loadDeadLetters();
    loadAudit();
  },
});

async function loadAudit() {
  const since = Date.now() - state.auditHours * 3600_000;
  const q = `since=${since}&limit=1000${state.auditUser ? `&user=${encodeURIComponent(state.auditUser)}` : ''}`;
  const error = document.getElementById('a-error');
  try {
    state.audit = (await api(`/api/v1/audit?${q}`)).items;
    error.textContent = '';
  } catch (e) {
    state.audit = [];
    error.textContent = t('a.failed', { msg: e.message });
  }
  render();
}

/** The outcome of a write in words: done, or why it was refused. */
function outcome(status) {
  if (status >= 200 && status < 300) return t('s.2xx');
  if (status >= 500) return t('s.5xx');
  return ['0', '400', '401', '403', '404', '409', '413', '422', '429'].includes(String(status)) ? t('s.' + status) : t('s.other');
}

async function loadDeadLetters() {
  const since = Date.now() - state.hours * 3600_000;
  const q = `since=${since}&limit=500${state.reason ? `&reason=${state.reason}` : ''}`;
  state.deadletters = (await api(`/api/v1/deadletters?${q}`)).items;
  render();
}

const list = (v) => v.split(/[\s,，、]+/).map((x) => x.trim()).filter(Boolean);

async function saveUser(ev) {
  ev.preventDefault();
  const msg = document.getElementById('u-msg');
  const username = document.getElementById('u-username').value.trim();
  const body = {
    name: document.getElementById('u-name').value.trim() || null,
    role: document.getElementById('u-role').value,
    regions: list(document.getElementById('u-regions').value),
    sites: list(document.getElementById('u-sites').value),
  };
  const password = document.getElementById('u-password').value;
  if (password) body.password = password;
  try {
    await api(`/api/v1/users/${encodeURIComponent(username)}`, { method: 'PUT', body });
    document.getElementById('u-password').value = '';
    msg.textContent = t('u.saved', { u: username });
    state.users = (await api('/api/v1/users')).items;
    render();
  } catch (e) {
    msg.textContent = t('u.failed', { msg: e.message });
  }
}

function options(select, values, current) {
  select.replaceChildren(...values.map(([v, label]) => h('option', { value: v, selected: String(v) === String(current) }, label)));
}

function render() {
  translateStatic();
  options(document.getElementById('dl-reason'), [['', t('dl.all')], ...REASONS.map((r) => [r, t('r.' + r)])], state.reason);
  options(document.getElementById('dl-window'), [1, 24, 168].map((w) => [w, t('w.' + w)]), state.hours);
  options(document.getElementById('u-role'), ROLES.map((r) => [r, t('role.' + r)]), document.getElementById('u-role').value || 'regulator');
  document.querySelector('#deadletters tbody').replaceChildren(...state.deadletters.map((d) => h('tr', { dataset: { reason: d.reason } },
    h('td', {}, fmtTime(d.ts)),
    h('td', {}, code(d.deviceId), h('div', { class: 'sub' }, code(d.siteId ?? d.topic))),
    h('td', { class: 'reason' }, t('r.' + d.reason), h('div', { class: 'sub' }, h('code', {}, d.reason))),
    h('td', { class: 'detail' }, h('code', {}, d.detail ?? '')),
    h('td', {}, h('details', {}, h('summary', {}, `${d.payloadBytes} B`), h('pre', { class: 'payload code' }, d.payload))))));
  document.getElementById('dl-empty').hidden = state.deadletters.length > 0;
  options(document.getElementById('a-window'), [1, 24, 168].map((w) => [w, t('w.' + w)]), state.auditHours);
  options(document.getElementById('a-outcome'), [['', t('a.all')], ['done', t('a.done')], ['refused', t('a.refused')]], state.auditOutcome);
  const done = (a) => a.status >= 200 && a.status < 300;
  const shown = state.audit.filter((a) => !state.auditOutcome || (state.auditOutcome === 'done') === done(a));
  document.querySelector('#audit tbody').replaceChildren(...shown.map((a) => h('tr', { dataset: { auditId: a.id, status: a.status } },
    h('td', {}, fmtTime(a.ts)),
    h('td', {}, a.user ? code(a.user) : t('a.anyone'), a.role ? h('div', { class: 'sub' }, t('role.' + a.role)) : null),
    h('td', {}, code(`${a.method} ${a.path}`)),
    h('td', {}, code(Object.entries(a.target ?? {}).map(([k, v]) => `${k}=${v}`).join(' '))),
    h('td', { class: `result${done(a) ? '' : ' refused'}` }, outcome(a.status), ' ', code(String(a.status))),
    h('td', {}, code(a.remoteAddress ?? '')))));
  document.getElementById('a-empty').hidden = shown.length > 0;
  document.getElementById('a-count').textContent = shown.length;
  document.getElementById('dl-count').textContent = state.deadletters.length;
  document.querySelector('#users tbody').replaceChildren(...state.users.map((u) => h('tr', { dataset: { username: u.username } },
    h('td', {}, code(u.username)), h('td', {}, u.name ?? ''), h('td', {}, t('role.' + u.role)),
    h('td', {}, u.role === 'site' ? u.sites.join('、') : u.regions.map(regionLabel).join('、')))));
}
