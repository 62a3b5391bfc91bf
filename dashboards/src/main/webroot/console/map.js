// The schematic district map of the regulator console: inline SVG drawn from the GeoJSON shipped
// with the consoles (no tiles, no map library: regulators' networks are often closed). Districts are
// shaded by their open alarms; each site is a marker at its registered location, or near its
// district's seat when it has none. A schematic: the cells are drawn around approximate seats,
// not surveyed boundaries, and the page says so.
import { currentLang, regionCovers, t } from '../assets/common.js';

const NS = 'http://www.w3.org/2000/svg';
// Equirectangular, longitude scaled by cos(26°) (Fujian's middle latitude), 100 units a degree;
// the generator of the cells measured distances the same way.
const K = Math.cos((26 * Math.PI) / 180) * 100;
const project = (lon, lat) => [lon * K, -lat * 100];

/** Open alarms and warnings of a district → its shade, as the legend lists them. */
export const SHADES = [[0, 0], [1, 1], [2, 4], [5, 9], [10, Infinity]];
const shadeOf = (n) => SHADES.findIndex(([lo, hi]) => n >= lo && n <= hi);

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

const escapeXml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/**
 * Draws the map into {@code svg}. {@code geo} is the district GeoJSON; {@code onDistrict(code)} and
 * {@code onSite(siteId)} are called on a click (or Enter on a district). Returns the map's handle:
 * {@code update({scope, focus, selectedRegion, selectedSite, overview})} redraws what changed.
 */
export function districtMap(svg, geo, { onDistrict, onSite, districtTitle }) {
  const districts = [];
  let province = null;
  for (const f of geo.features) {
    const ring = f.geometry.coordinates[0].map(([lon, lat]) => project(lon, lat));
    const d = `M${ring.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join('L')}Z`;
    const xs = ring.map((p) => p[0]); const ys = ring.map((p) => p[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const p = f.properties;
    if (p.level === 'province') province = { d, box };
    else districts.push({ ...p, d, box, seatXY: project(p.seat[0], p.seat[1]) });
  }
  const byCode = new Map(districts.map((x) => [x.code, x]));

  svg.setAttribute('role', 'group');
  const cells = el('g', { class: 'cells' });
  const outline = el('path', { class: 'outline', d: province?.d ?? '' , 'aria-hidden': 'true' });
  const markers = el('g', { class: 'markers', 'aria-hidden': 'true' });
  const labels = el('g', { class: 'labels', 'aria-hidden': 'true' });
  svg.replaceChildren(cells, outline, markers, labels);
  const cellOf = new Map();
  for (const x of districts) {
    const path = el('path', { d: x.d, class: 'cell', 'data-code': x.code });
    path.append(el('title'));
    cells.append(path);
    cellOf.set(x.code, path);
  }

  let view = null;          // the last update's arguments
  let markerKeys = '';      // which sites the marker layer holds, in order: redraw only when it changes
  let markerEls = [];
  let markerClasses = [];
  const atSeat = new Map(); // district → how many of its markers sit around its seat
  let markersInView = 0;

  const name = (x) => (currentLang() === 'en' ? x.en : x.zh);

  cells.addEventListener('click', (e) => {
    const code = e.target.closest('path.cell.in-scope')?.dataset.code;
    if (code) onDistrict(code);
  });
  cells.addEventListener('keydown', (e) => {
    const code = e.target.closest('path.cell.in-scope')?.dataset.code;
    if (code && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); onDistrict(code); }
  });
  markers.addEventListener('click', (e) => {
    const id = e.target.closest('circle.marker')?.dataset.siteId;
    if (id) { e.stopPropagation(); onSite(id); }
  });
  // A marker's name on hover, made when first pointed at (10,000 titles up front would slow the first draw).
  markers.addEventListener('mouseover', (e) => {
    const c = e.target.closest('circle.marker');
    if (c && !c.firstChild) c.append(el('title', {}, view?.siteTitle?.(c.dataset.siteId) ?? c.dataset.siteId));
  });

  /** The box of the districts {@code region} covers (a district alone is shown with its neighbours). */
  function boxOf(regions) {
    const inside = districts.filter((x) => regions.some((r) => regionCovers(r, x.code)));
    if (!inside.length) return province?.box ?? [0, 0, 1, 1];
    const b = [Math.min(...inside.map((x) => x.box[0])), Math.min(...inside.map((x) => x.box[1])),
      Math.max(...inside.map((x) => x.box[2])), Math.max(...inside.map((x) => x.box[3]))];
    const pad = inside.length === 1 ? 0.6 : 0.06;
    const w = b[2] - b[0]; const h = b[3] - b[1];
    return [b[0] - w * pad, b[1] - h * pad, b[2] + w * pad, b[3] + h * pad];
  }

  function update(v) {
    view = v;
    const scope = v.scope;
    const inScope = (code) => scope.some((s) => regionCovers(s, code));
    const b = boxOf(v.focus);
    svg.setAttribute('viewBox', `${b[0].toFixed(1)} ${b[1].toFixed(1)} ${(b[2] - b[0]).toFixed(1)} ${(b[3] - b[1]).toFixed(1)}`);
    // Sizes on screen in pixels whatever the zoom: u is one pixel in the map's units.
    const px = svg.getBoundingClientRect();
    const u = Math.max((b[2] - b[0]) / (px.width || 700), (b[3] - b[1]) / (px.height || 460));

    const counts = new Map((v.overview?.districts ?? []).map((d) => [d.code, d]));
    for (const x of districts) {
      const path = cellOf.get(x.code);
      const c = counts.get(x.code);
      const open = c ? c.alarm + c.warning : 0;
      const own = inScope(x.code);
      const selected = v.selectedRegion && regionCovers(v.selectedRegion, x.code);
      path.setAttribute('class', `cell ${own ? 'in-scope' : 'out'} shade-${shadeOf(open)}${selected ? ' selected' : ''}`);
      path.dataset.open = String(open);
      path.dataset.sites = String(c?.sites ?? 0);
      const label = own ? districtTitle(x, c) : `${name(x)} · ${t('map.outOfScope')}`;
      path.firstChild.textContent = label;
      path.setAttribute('aria-label', label);
      if (own) {
        path.setAttribute('tabindex', '0');
        path.setAttribute('role', 'button');
        path.setAttribute('aria-pressed', selected ? 'true' : 'false');
      } else {
        path.removeAttribute('tabindex');
        path.setAttribute('role', 'img');
        path.removeAttribute('aria-pressed');
      }
    }
    drawMarkers(v, u);
    drawLabels(v, u, counts, inScope, b);
  }

  /** Markers in pixels: small when there are thousands, larger when few; spaced so they never overlap. */
  function markerSize(n, u) {
    const px = n > 2000 ? 1.5 : n > 300 ? 2.5 : 4;
    return { r0: px * u, step: px * 1.25 * u };
  }

  /**
   * One circle per site. Without a registered location a site sits near its district's seat, the
   * k-th of the district on a sunflower spiral (golden angle), so markers of one district never
   * stack and the same site always lands at the same place.
   */
  function drawMarkers(v, u) {
    const m = v.overview?.markers;
    if (!m) return;
    const col = Object.fromEntries(m.columns.map((c, i) => [c, i]));
    const rows = m.rows;
    const keys = rows.map((r) => r[col.siteId]).join('\n');
    const kindOf = (r) => (r[col.alarm] ? 'm-alarm' : r[col.warning] ? 'm-warning' : r[col.offline] ? 'm-offline' : 'm-ok');
    const selected = v.selectedSite;
    // Sized by how many are in view: a district zoomed into gets larger markers than the province.
    const inView = rows.reduce((n, r) => n + (v.focus.some((f) => regionCovers(f, r[col.region])) ? 1 : 0), 0);
    const { r0, step } = markerSize(inView, u);
    // A site that needs attention is larger and drawn over the others.
    const radius = (kind) => (kind === 'm-ok' ? r0 : r0 * 1.8).toFixed(3);
    markersInView = inView;
    const key = `${keys}|${u.toFixed(4)}|${inView}`;
    if (key === markerKeys) {
      // Same sites, same zoom: only what changed.
      rows.forEach((r, i) => {
        const el = markerEls[i];
        if (!el) return;
        const kind = kindOf(r);
        const cls = `marker ${kind}${r[col.siteId] === selected ? ' selected' : ''}`;
        if (cls === markerClasses[i]) return;
        el.setAttribute('class', cls);
        el.setAttribute('r', radius(kind));
        if (kind !== 'm-ok') markers.append(el);
        markerClasses[i] = cls;
      });
      return;
    }
    markerKeys = key;
    atSeat.clear();
    const quiet = [];
    const loud = [];
    markerClasses = [];
    for (const r of rows) {
      const id = r[col.siteId];
      const region = r[col.region];
      let x; let y;
      if (r.length > col.lat && r[col.lat] != null) {
        [x, y] = project(r[col.lon], r[col.lat]);
      } else {
        const d = byCode.get(region);
        if (!d) { markerClasses.push(null); continue; }
        const k = atSeat.get(region) ?? 0;
        atSeat.set(region, k + 1);
        const rad = step * Math.sqrt(k + 0.5);
        const a = k * 2.399963;
        x = d.seatXY[0] + rad * Math.cos(a);
        y = d.seatXY[1] + rad * Math.sin(a);
      }
      const kind = kindOf(r);
      const cls = `marker ${kind}${id === selected ? ' selected' : ''}`;
      markerClasses.push(cls);
      (kind === 'm-ok' ? quiet : loud).push(`<circle class="${cls}" cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="${radius(kind)}" `
        + `data-site-id="${escapeXml(id)}"></circle>`);
    }
    markers.innerHTML = quiet.join('') + loud.join('');
    const byId = new Map();
    for (const c of markers.children) byId.set(c.dataset.siteId, c);
    markerEls = rows.map((r) => byId.get(r[col.siteId]) ?? null);
  }

  /**
   * Names of the districts with sites or open alarms, the busiest first; a name that would overlap
   * one already placed is left out (the cell still has its title, and the tree lists every district).
   */
  function drawLabels(v, u, counts, inScope, b) {
    const fontPx = 12;
    const placed = [];
    const out = [];
    const wanted = districts.filter((x) => inScope(x.code) && counts.get(x.code)
      && (counts.get(x.code).sites > 0 || counts.get(x.code).alarm + counts.get(x.code).warning > 0))
      .filter((x) => x.seatXY[0] >= b[0] && x.seatXY[0] <= b[2] && x.seatXY[1] >= b[1] && x.seatXY[1] <= b[3])
      .sort((p, q) => {
        const a = counts.get(p.code); const c = counts.get(q.code);
        return (c.alarm + c.warning) - (a.alarm + a.warning) || c.sites - a.sites || p.code.localeCompare(q.code);
      });
    const { r0, step } = markerSize(markersInView, u);
    for (const x of wanted) {
      const text = name(x);
      const w = (currentLang() === 'en' ? text.length * 0.6 : text.length) * fontPx * u;
      const h = fontPx * 1.2 * u;
      // Above the district's markers around the seat, so that both can be read.
      const blob = step * Math.sqrt(atSeat.get(x.code) ?? 0) + r0;
      const cy = x.seatXY[1] - blob - h / 2;
      const box = [x.seatXY[0] - w / 2, cy - h / 2, x.seatXY[0] + w / 2, cy + h / 2];
      if (placed.some((o) => box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1])) continue;
      placed.push(box);
      out.push(el('text', { x: x.seatXY[0].toFixed(2), y: (cy + h * 0.35).toFixed(2), class: 'label', 'data-code': x.code,
        'font-size': (fontPx * u).toFixed(3), 'stroke-width': (3 * u).toFixed(3), 'text-anchor': 'middle' }, text));
    }
    labels.replaceChildren(...out);
  }

  return {
    update,
    districts,
    byCode,
    /** The districts {@code region} covers, by code. */
    covered: (region) => districts.filter((x) => regionCovers(region, x.code)).map((x) => x.code),
  };
}
