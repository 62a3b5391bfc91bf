// Shared by both consoles: token, language, API calls, the alarm stream and a small SVG chart.
// Plain ES module, no third-party code: the consoles work on closed networks.

const TOKEN_KEY = 'sitewatch.token';
const LANG_KEY = 'sitewatch.lang';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

// ---------------------------------------------------------------- i18n

let dict = { zh: {}, en: {} };
let lang = localStorage.getItem(LANG_KEY) || 'zh';

export function addStrings(more) {
  for (const l of Object.keys(more)) dict[l] = { ...dict[l], ...more[l] };
}

export function t(key, vars) {
  let s = dict[lang][key] ?? dict.zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

export function currentLang() { return lang; }

export function setLang(l) {
  lang = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  translateStatic();
  // The switch names the other language in that language ("English" / "中文"): say so to screen readers.
  document.querySelectorAll('.lang-switch').forEach((b) => { b.lang = l === 'zh' ? 'en' : 'zh-CN'; });
}

/** Fills every element carrying data-i18n (text) or data-i18n-ph (placeholder). */
export function translateStatic(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-ph]').forEach((el) => { el.placeholder = t(el.dataset.i18nPh); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAria)); });
}

addStrings({
  zh: {
    'lang.switch': 'English', 'login.title': '登录', 'login.token': '访问令牌', 'who.system': '系统',
    'login.username': '用户名', 'login.password': '密码', 'login.useToken': '使用访问令牌登录',
    'login.tokenHint': '访问令牌由系统管理员在配置文件中签发，演示环境的令牌在启动时打印于终端。',
    'login.wrong': '用户名或密码错误', 'login.throttled': '登录失败次数过多，请 {s} 秒后再试',
    'login.expired': '登录已过期，请重新登录', 'login.missing': '请输入用户名和密码',
    'role.admin': '系统管理员', 'role.regulator': '监管人员', 'role.rater': '评价人员', 'role.device-admin': '设备管理员',
    'role.site': '项目人员',
    'login.submit': '登录', 'login.bad': '令牌无效或已过期', 'login.forbidden': '该账号无权使用此控制台',
    logout: '退出', 'err.network': '网络错误：{msg}', 'err.page': '页面出错：{msg}（请刷新页面；问题持续请联系系统管理员）', 'time.none': '—',
    'level.alarm': '报警', 'level.warning': '预警',
    'state.active': '未处理', 'state.acknowledged': '已确认', 'state.cleared': '已解除', 'state.reopened': '升级后待再确认',
    'tr.raised': '产生', 'tr.escalated': '升级', 'tr.acknowledged': '确认', 'tr.cleared': '解除', 'tr.disposed': '现场处置',
    'action.stopped_work': '已停止作业', 'action.rectified': '已整改', 'action.false_alarm': '误报', 'action.other': '其他',
  },
  en: {
    'lang.switch': '中文', 'login.title': 'Sign in', 'login.token': 'Access token (bearer)', 'who.system': 'system',
    'login.username': 'Username', 'login.password': 'Password', 'login.useToken': 'Sign in with an access token',
    'login.tokenHint': 'Access tokens are issued by the administrator in the configuration file; the demo prints its tokens in the terminal at start.',
    'login.wrong': 'Wrong username or password', 'login.throttled': 'Too many failed sign-ins; try again in {s} s',
    'login.expired': 'Your sign-in has expired; please sign in again', 'login.missing': 'Enter your username and password',
    'role.admin': 'Administrator', 'role.regulator': 'Regulator', 'role.rater': 'Rating officer', 'role.device-admin': 'Device administrator',
    'role.site': 'Site staff',
    'login.submit': 'Sign in', 'login.bad': 'The token is invalid or expired',
    'login.forbidden': 'This account may not use this console',
    logout: 'Sign out', 'err.network': 'Network error: {msg}', 'err.page': 'Something went wrong on this page: {msg} (reload it; if it persists, tell the administrator)', 'time.none': '—',
    'level.alarm': 'Alarm', 'level.warning': 'Warning',
    'state.active': 'Active', 'state.acknowledged': 'Acknowledged', 'state.cleared': 'Cleared',
    'state.reopened': 'Escalated since acknowledged',
    'tr.raised': 'raised', 'tr.escalated': 'escalated', 'tr.acknowledged': 'acknowledged', 'tr.cleared': 'cleared',
    'tr.disposed': 'handled on site',
    'action.stopped_work': 'work stopped', 'action.rectified': 'rectified', 'action.false_alarm': 'false alarm', 'action.other': 'other',
  },
});

// ------------------------------------------------------------ rules and device kinds

/** Alarm rules' names, [zh, en], by rule id. */
const RULES = {
  'tower_crane.moment': ['塔吊力矩', 'Crane moment'], 'tower_crane.load': ['塔吊起重量', 'Crane load'],
  'tower_crane.wind': ['塔吊风速', 'Crane wind'], 'tower_crane.tilt': ['塔身倾斜', 'Crane tilt'],
  'tower_crane.clearance': ['塔吊防碰撞', 'Crane clearance'], 'tower_crane.no_operator': ['塔吊无证操作', 'Crane without operator'],
  'hoist.load': ['升降机载重', 'Hoist load'], 'hoist.people': ['升降机超员', 'Hoist people'], 'hoist.wind': ['升降机风速', 'Hoist wind'],
  'hoist.tilt': ['升降机倾斜', 'Hoist tilt'], 'hoist.door_open_moving': ['升降机开门运行', 'Hoist moving with door open'],
  'hoist.no_operator': ['升降机无证操作', 'Hoist without operator'], 'gondola.people': ['吊篮超员', 'Gondola people'],
  'gondola.tilt': ['吊篮倾斜', 'Gondola tilt'], 'gondola.load': ['吊篮载重', 'Gondola load'], 'gondola.wind': ['吊篮风速', 'Gondola wind'],
  'gondola.fall_arrest': ['吊篮防坠', 'Gondola fall arrest'], 'gondola.harness': ['安全带未系', 'Harness'],
  'gondola.no_operator': ['吊篮无证操作', 'Gondola without operator'], 'env.pm10_hourly': ['PM10 小时均值', 'PM10 hourly'],
  'env.pm25_hourly': ['PM2.5 小时均值', 'PM2.5 hourly'], 'env.noise_leq': ['噪声等效声级', 'Noise Leq'],
  'env.noise_night_lmax': ['夜间噪声最大声级', 'Night noise Lmax'], 'env.wind': ['现场风速', 'Site wind'],
  'pit.disp_cumulative': ['基坑累计位移', 'Pit displacement'], 'pit.disp_rate': ['基坑位移速率', 'Pit displacement rate'],
  'pit.settle_cumulative': ['基坑累计沉降', 'Pit settlement'], 'pit.settle_rate': ['基坑沉降速率', 'Pit settlement rate'],
  'pit.axial_force': ['支撑轴力', 'Strut axial force'], 'pit.water_level': ['地下水位', 'Water level'],
  'formwork.settle': ['高支模沉降', 'Formwork settlement'], 'formwork.disp': ['高支模位移', 'Formwork displacement'],
  'formwork.tilt': ['高支模倾斜', 'Formwork tilt'], 'formwork.axial_force': ['立杆轴力', 'Formwork axial force'],
  'device.offline': ['设备离线', 'Device offline'], 'device.device_alarm': ['设备自报警', 'Device alarm'],
  'operator.certificate': ['操作证书无效', 'Operator certificate'],
  'tower_crane.registration': ['塔吊使用登记过期', 'Crane use registration expired'],
  'tower_crane.inspection': ['塔吊定期检验过期', 'Crane periodic inspection expired'],
  'hoist.registration': ['升降机使用登记过期', 'Hoist use registration expired'],
  'hoist.inspection': ['升降机定期检验过期', 'Hoist periodic inspection expired'],
  'hoist.fall_arrester': ['防坠安全器标定过期', 'Fall arrester calibration expired'],
  'gondola.registration': ['吊篮使用登记过期', 'Gondola use registration expired'],
  'gondola.inspection': ['吊篮定期检验过期', 'Gondola periodic inspection expired'],
  'tower_crane.night_work': ['疑似无证夜间施工', 'Lifting outside hours without a permit'],
};
export const KINDS = ['tower_crane', 'hoist', 'gondola', 'env', 'pit', 'formwork', 'recorder'];
export const ruleName = (id) => (RULES[id] ? RULES[id][document.documentElement.lang === 'en' ? 1 : 0] : id);

addStrings({
  zh: {
    'kind.tower_crane': '塔式起重机', 'kind.hoist': '施工升降机', 'kind.gondola': '高处作业吊篮', 'kind.env': '扬尘噪声',
    'kind.pit': '深基坑', 'kind.formwork': '高支模', 'kind.recorder': '执法记录仪',
  },
  en: {
    'kind.tower_crane': 'Tower crane', 'kind.hoist': 'Hoist', 'kind.gondola': 'Gondola', 'kind.env': 'Dust & noise',
    'kind.pit': 'Foundation pit', 'kind.formwork': 'High formwork', 'kind.recorder': 'Body camera',
  },
});

// ------------------------------------------------------------ formatting

/**
 * 行政区划 by code, [zh, en], from the server's bundled list (GET /api/v1/regions: Fujian, every city
 * and district); filled at sign-in. A code not listed is shown as itself.
 */
const REGIONS = {};

async function loadRegions() {
  if (Object.keys(REGIONS).length) return;
  try {
    const res = await api('/api/v1/regions');
    for (const r of res.items) REGIONS[r.code] = [r.zh, r.en];
  } catch (e) {
    // Names are a convenience: without them the codes still show.
  }
}

/** The region's name alone (its code when it is not listed). */
export function regionLabel(code) {
  const n = REGIONS[code];
  return n ? n[lang === 'zh' ? 0 : 1] : String(code ?? '');
}

export function regionName(code) {
  const n = REGIONS[code];
  return n ? `${n[lang === 'zh' ? 0 : 1]} ${code}` : String(code ?? '');
}

/** True when region (6 digits) lies inside scope (a province, city or district code). */
export function regionCovers(scope, region) {
  if (!scope) return true;
  if (!region) return false;
  if (scope.endsWith('0000')) return region.startsWith(scope.slice(0, 2));
  if (scope.endsWith('00')) return region.startsWith(scope.slice(0, 4));
  return scope === region;
}

/** The city code of a district code (350102 → 350100). */
export function cityOf(region) { return region ? region.slice(0, 4) + '00' : region; }

export function fmtTime(ms) {
  if (ms == null) return t('time.none');
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Round axis values: about {@code count} steps of 1, 2, 2.5 or 5 × 10^k, and the decimals they need. */
export function niceTicks(min, max, count) {
  if (min === max) { min -= 1; max += 1; }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((st) => st >= raw);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const values = [];
  for (let v = lo; v <= hi + step / 2; v += step) values.push(Math.abs(v) < step / 1e6 ? 0 : v);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) + (Math.round(step / mag * 10) % 10 === 5 && step < 1 ? 1 : 0);
  return { values, decimals: step % 1 === 0 ? 0 : decimals };
}

/** Units of the wire protocol's metrics, for axes and values. */
const UNITS = {
  moment_pct: '%', load_pct: '%', load_t: 't', load_kg: 'kg', radius_m: 'm', height_m: 'm', slew_deg: '°', wind_ms: 'm/s',
  tilt_deg: '°', clearance_m: 'm', people: '人', speed_ms: 'm/s', harness_count: '人', pm25_ugm3: 'µg/m³', pm10_ugm3: 'µg/m³',
  tsp_ugm3: 'µg/m³', noise_dba: 'dB(A)', temp_c: '°C', humidity_pct: '%', disp_mm: 'mm', settle_mm: 'mm', water_level_m: 'm',
  axial_force_pct: '%',
};
export const unitOf = (metric) => UNITS[metric] ?? '';

export function fmtNum(v) {
  if (v == null || Number.isNaN(v)) return t('time.none');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** An id, account or other code shown as it is in either language (the zh checks pass over it). */
export const code = (v) => (v == null || v === '' ? null : h('span', { class: 'code' }, v));

/** Who did something: SiteWatch itself by name in the reader's language, a person by account. */
export const who = (by) => (by === 'sitewatch' ? t('who.system') : code(by));

/** Builds an element: h('td', {class: 'x', onclick: f}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : String(c));
  return el;
}

// ------------------------------------------------------------------- API

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function api(path, { method = 'GET', body, token = session.token() } = {}) {
  const res = await fetch(path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = new ApiError(res.status, json?.error ?? 'http_' + res.status, json?.message ?? text);
    err.retryAfter = res.headers.get('Retry-After');
    // A sign-in that expired while the page was open: back to the sign-in form, saying why.
    if (res.status === 401 && token && token === session.token() && !path.endsWith('/login')) window.dispatchEvent(new Event('sitewatch:expired'));
    throw err;
  }
  return json;
}

/**
 * Reads a Server-Sent Events stream with fetch() so that the bearer token travels in the
 * Authorization header (EventSource cannot send headers, and a token in the URL would end up in
 * logs). Reconnects after a pause; onState('open'|'retrying') lets the page resync and show it.
 * Returns a function that stops the stream.
 */
export function openStream(path, onEvent, onState) {
  const abort = new AbortController();
  let retryMs = 2000;
  (async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(path, {
          headers: { Authorization: `Bearer ${session.token()}`, Accept: 'text/event-stream' },
          cache: 'no-store', signal: abort.signal,
        });
        if (res.status === 401 || res.status === 403) { onState('denied'); return; }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        onState('open');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let event = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const i = line.indexOf(':');
              const field = i < 0 ? line : line.slice(0, i);
              const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
              if (field === 'event') event = val;
              else if (field === 'data') data.push(val);
              else if (field === 'retry' && /^\d+$/.test(val)) retryMs = Number(val);
            }
            if (data.length) {
              try { onEvent(event, JSON.parse(data.join('\n'))); } catch (e) { console.error('bad event', e); }
            }
          }
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        console.warn('stream interrupted', e);
      }
      onState('retrying');
      await new Promise((r) => setTimeout(r, retryMs));
    }
  })();
  return () => abort.abort();
}

// ----------------------------------------------------------------- chart

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text != null) el.textContent = text;
  return el;
}

/**
 * A line chart of [{ts, value}] (or buckets {ts, min, max, avg}) as inline SVG, with an optional
 * horizontal threshold and vertical markers [{ts, label, cls}].
 */
export function lineChart(points, { threshold, markers = [], width = 560, height = 220, unit = '', label } = {}) {
  const pad = { l: 52, r: 12, t: 26, b: 28 };
  // An image needs a name (axe svg-img-alt): what it shows, or that it shows nothing.
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': points.length ? t('chart.label') : t('chart.empty') });
  if (!points.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' }, t('chart.empty')));
    return svg;
  }
  const ys = points.flatMap((p) => (p.value != null ? [p.value] : [p.min, p.max]));
  if (threshold != null) ys.push(threshold);
  const ticks = niceTicks(Math.min(...ys), Math.max(...ys), 4);
  const y0 = ticks.values[0]; const y1 = ticks.values[ticks.values.length - 1];
  const x0 = Math.min(points[0].ts, ...markers.map((m) => m.ts));
  const x1 = Math.max(points[points.length - 1].ts, ...markers.map((m) => m.ts), x0 + 1);
  const X = (ts) => pad.l + ((ts - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const Y = (v) => pad.t + (1 - (v - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  if (unit) svg.append(s('text', { x: 4, y: 12, class: 'axis unit' }, unit));
  for (const v of ticks.values) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: Y(v), y2: Y(v), class: 'grid' }));
    svg.append(s('text', { x: pad.l - 4, y: Y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v.toFixed(ticks.decimals)));
  }
  const long = x1 - x0 > 36 * 3600_000;
  for (let i = 0; i <= 3; i++) {
    const ts = x0 + ((x1 - x0) * i) / 3;
    const d = new Date(ts);
    const p2 = (n) => String(n).padStart(2, '0');
    const lbl = long ? `${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}`
      : `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
    svg.append(s('text', { x: X(ts), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle', class: 'axis' }, lbl));
  }
  if (points[0].min != null) {
    const band = points.map((p) => `${X(p.ts)},${Y(p.max)}`).concat(points.slice().reverse().map((p) => `${X(p.ts)},${Y(p.min)}`));
    svg.append(s('polygon', { points: band.join(' '), class: 'band' }));
  }
  const line = points.map((p) => `${X(p.ts).toFixed(1)},${Y(p.value ?? p.avg).toFixed(1)}`).join(' ');
  svg.append(s('polyline', { points: line, class: 'series' }));
  if (points.length < 60) {
    for (const p of points) svg.append(s('circle', { cx: X(p.ts), cy: Y(p.value ?? p.avg), r: 2.5, class: 'dot' }));
  }
  if (threshold != null) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: Y(threshold), y2: Y(threshold), class: 'threshold' }));
    // Below the line when it runs along the top, where the markers' labels are.
    const below = Y(threshold) < pad.t + 14;
    svg.append(s('text', { x: width - pad.r, y: Y(threshold) + (below ? 12 : -4), 'text-anchor': 'end', class: 'threshold-label' },
      `${t('chart.threshold')} ${fmtNum(threshold)} ${unit}`.trim()));
  }
  // Marker labels above the plot, each on its own line when they would touch.
  let lastX = -Infinity; let row = 0;
  for (const m of [...markers].sort((a, b) => a.ts - b.ts)) {
    svg.append(s('line', { x1: X(m.ts), x2: X(m.ts), y1: pad.t, y2: height - pad.b, class: `marker ${m.cls || ''}` }));
    row = X(m.ts) - lastX < 70 ? row + 1 : 0;
    lastX = X(m.ts);
    const right = X(m.ts) > width * 0.8;
    svg.append(s('text', { x: X(m.ts) + (right ? -3 : 3), y: pad.t - 4 + row * 11 - (row ? 0 : 0), 'text-anchor': right ? 'end' : 'start',
      class: 'marker-label' }, m.label));
  }
  return svg;
}

addStrings({
  zh: { 'chart.empty': '该时段无数据', 'chart.threshold': '阈值', 'chart.label': '监测数值曲线' },
  en: { 'chart.empty': 'No data in this window', 'chart.threshold': 'threshold', 'chart.label': 'Readings over time' },
});

/** The sign-in form, the same on every console; its texts come from the dictionary. */
const LOGIN_FORM = `
  <form id="login-form">
    <h2 data-i18n="login.title"></h2>
    <label for="username" data-i18n="login.username"></label>
    <input id="username" name="username" type="text" autocomplete="username" spellcheck="false">
    <label for="password" data-i18n="login.password"></label>
    <input id="password" name="password" type="password" autocomplete="current-password">
    <details id="token-login">
      <summary data-i18n="login.useToken"></summary>
      <p class="sub" data-i18n="login.tokenHint"></p>
      <label for="token" data-i18n="login.token"></label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false">
    </details>
    <button type="submit" id="login-submit" data-i18n="login.submit"></button>
    <p id="login-error" class="error" role="alert"></p>
  </form>`;

addStrings({ zh: { 'nav.hazards': '隐患台账', 'nav.risk': '风险预警', 'nav.themes': '一月一主题', 'nav.letters': '警示函' }, en: { 'nav.hazards': 'Hazard ledger', 'nav.risk': 'Early warning', 'nav.themes': 'Monthly themes', 'nav.letters': 'Warning letters' } });

/**
 * The ways to the regulators' own pages (hazard ledger, early warning, monthly themes, warning letters) in every
 * console's header, for those who may read them.
 */
function addHazardsLink(me) {
  const top = document.querySelector('header.top');
  if (!top || !['admin', 'regulator'].includes(me.role)) return;
  for (const [page, key] of [['hazards', 'nav.hazards'], ['risk', 'nav.risk'], ['themes', 'nav.themes'], ['letters', 'nav.letters']]) {
    if (document.body.dataset.page === page || top.querySelector(`a[href="../${page}/"]`)) continue;
    const link = h('a', { class: 'link nav signed-in', href: `../${page}/`, 'data-i18n': key }, t(key));
    top.insertBefore(link, top.querySelector('.grow'));
  }
}

/** Wires the sign-in form, language switch and sign-out shared by the consoles. */
export function shell({ check, onReady }) {
  document.getElementById('login').innerHTML = LOGIN_FORM;
  // A failure in the page is shown, not swallowed: a blank table would hide it.
  const showError = (msg) => {
    let bar = document.getElementById('page-error');
    if (!bar) {
      bar = h('p', { id: 'page-error', class: 'error page-error', role: 'alert' });
      document.body.prepend(bar);
    }
    bar.textContent = t('err.page', { msg });
  };
  window.addEventListener('error', (e) => showError(e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason?.message ?? String(e.reason)));
  const login = document.getElementById('login');
  const app = document.getElementById('app');
  const error = document.getElementById('login-error');
  document.querySelectorAll('.lang-switch').forEach((b) => b.addEventListener('click', () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    window.dispatchEvent(new Event('sitewatch:lang'));
    showWho();
  }));
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('/api/v1/logout', { method: 'POST' }); } catch (e) { /* signed out here whatever the server says */ }
    session.clear();
    location.reload();
  });
  window.addEventListener('sitewatch:expired', () => {
    session.clear();
    sessionStorage.setItem('sitewatch.notice', 'login.expired');
    location.reload();
  });
  setLang(currentLang());
  let me = null;

  function showWho() {
    const who = document.getElementById('whoami');
    if (!me || !who) return;
    const scope = me.role === 'site' ? me.sites.join('、') : me.regions.map(regionLabel).join('、');
    who.textContent = `${me.displayName ?? me.name} · ${t('role.' + me.role)}${scope ? ' · ' + scope : ''}`;
    who.title = me.name;
  }

  function showLogin(message) {
    login.hidden = false;
    app.hidden = true;
    document.querySelectorAll('.signed-in').forEach((el) => { el.hidden = true; });
    error.textContent = message ?? '';
  }

  async function enter() {
    try {
      me = await api('/api/v1/me');
      // A site's staff have their own console; everyone else the regulator's or the rating one.
      const page = document.body.dataset.page;
      if ((me.role === 'site') !== (page === 'site')) {
        location.replace(me.role === 'site' ? '../site/' : '../console/');
        return;
      }
      const ctx = await check();
      await loadRegions();
      login.hidden = true;
      app.hidden = false;
      addHazardsLink(me);
      document.querySelectorAll('.signed-in').forEach((el) => { el.hidden = el.classList.contains('admin-only') && me.role !== 'admin'; });
      showWho();
      onReady(ctx);
    } catch (e) {
      session.clear();
      showLogin(e.status === 401 ? t('login.bad') : e.status === 403 ? t('login.forbidden') : t('err.network', { msg: e.message }));
    }
  }
  document.getElementById('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const username = document.getElementById('username').value.trim();
    const password = document.getElementById('password').value;
    const token = document.getElementById('token').value.trim();
    if (username || password || !token) {
      if (!username || !password) { error.textContent = t('login.missing'); return; }
      try {
        const res = await api('/api/v1/login', { method: 'POST', body: { username, password }, token: '' });
        session.save(res.token);
      } catch (e) {
        error.textContent = e.status === 401 ? t('login.wrong') : e.status === 429 ? t('login.throttled', { s: e.retryAfter ?? '60' })
          : t('err.network', { msg: e.message });
        return;
      }
    } else {
      session.save(token);
    }
    document.getElementById('password').value = '';
    enter();
  });
  const notice = sessionStorage.getItem('sitewatch.notice');
  sessionStorage.removeItem('sitewatch.notice');
  if (session.token()) enter(); else showLogin(notice ? t(notice) : '');
}
