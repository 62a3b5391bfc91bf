// The region tree of the regulator console: province → city → district, only as far as the
// caller's scope reaches, each node with its sites and open alarms; choosing a node filters the
// whole console. Plain buttons in nested lists (aria-pressed, aria-expanded), so a keyboard and a
// screen reader use it like any other list of buttons.
import { h, regionCovers, regionLabel, t } from '../assets/common.js';

const cityOf = (code) => `${code.slice(0, 4)}00`;
const provinceOf = (code) => `${code.slice(0, 2)}0000`;

/**
 * {@code districts}: [{code, zh, en, city}] of the map; {@code scope}: the codes the caller may see
 * (a province, cities or districts). {@code onSelect(code)} gets '' for "everything in scope".
 */
export function regionTree(container, districts, { onSelect }) {
  const expanded = new Map(); // code → open or not, as the user left it; a top node starts open
  let last = null;
  let shownFor = null; // the selection the way was last opened to
  const isOpen = (code, depth) => (expanded.has(code) ? expanded.get(code) : depth === 0);

  /** The top nodes: the scope itself, each code as the highest level it covers. */
  function roots(scope) {
    return scope.map((s) => {
      if (s.endsWith('0000')) {
        const cities = [...new Set(districts.filter((d) => regionCovers(s, d.code)).map((d) => d.city))].sort();
        return { code: s, children: cities.map((c) => ({ code: c, children: districts.filter((d) => d.city === c).map((d) => ({ code: d.code })) })) };
      }
      if (s.endsWith('00')) return { code: s, children: districts.filter((d) => d.city === s).map((d) => ({ code: d.code })) };
      return { code: s };
    });
  }

  function render({ scope, selected, counts }) {
    last = { scope, selected, counts };
    // Open the way to the selected node.
    if (selected && selected !== shownFor) {
      expanded.set(provinceOf(selected), true);
      if (!selected.endsWith('00')) expanded.set(cityOf(selected), true);
    }
    shownFor = selected;
    const sum = (code) => {
      let sites = 0; let alarms = 0;
      for (const [d, c] of counts) if (regionCovers(code, d)) { sites += c.sites; alarms += c.alarm + c.warning; }
      return { sites, alarms };
    };
    const node = (n, depth) => {
      const s = sum(n.code);
      const isSel = (selected || '') === n.code;
      const kids = n.children?.length ? n.children : null;
      const showKids = kids && isOpen(n.code, depth);
      const toggle = kids ? h('button', {
        type: 'button', class: 'toggle', 'aria-expanded': showKids ? 'true' : 'false',
        'aria-label': t(showKids ? 'tree.collapse' : 'tree.expand', { name: regionLabel(n.code) }),
        onclick: () => { expanded.set(n.code, !showKids); render(last); },
      }, showKids ? '▾' : '▸') : h('span', { class: 'toggle-space' });
      const button = h('button', {
        type: 'button', class: `node${s.alarms ? ' hot' : ''}`, 'aria-pressed': isSel ? 'true' : 'false', dataset: { code: n.code },
        onclick: () => onSelect(isSel ? '' : n.code),
      }, h('span', { class: 'node-name' }, regionLabel(n.code)),
      h('span', { class: 'node-count', title: t('tree.counts', { sites: s.sites, alarms: s.alarms }) },
        s.alarms ? h('b', { class: 'count-alarm' }, s.alarms) : null, s.alarms ? ' / ' : null, s.sites));
      return h('li', { dataset: { code: n.code } }, toggle, button,
        showKids ? h('ul', {}, kids.map((k) => node(k, depth + 1))) : null);
    };
    container.replaceChildren(h('ul', { class: 'tree' }, roots(scope).map((r) => node(r, 0))));
  }

  return { render };
}
