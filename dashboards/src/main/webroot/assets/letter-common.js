// Warning letters (警示函), shared by the regulator's letters page and the site console: the words
// for states and steps, the letter's text, and the printable letter (HTML or PDF) fetched with the
// bearer token and shown from memory.
import { currentLang, h, session } from './common.js';

export const LETTER_STRINGS = {
  zh: {
    'lstate.draft': '草稿', 'lstate.issued': '已下发待回复', 'lstate.answered': '已回复待办结', 'lstate.closed': '已办结',
    'lstate.withdrawn': '已撤回', 'lt.drafted': '起草', 'lt.issued': '下发', 'lt.answered': '回复', 'lt.returned': '退回',
    'lt.closed': '办结', 'lt.withdrawn': '撤回', 'l.overdue': '逾期未回复', 'lscope.project': '项目', 'lscope.enterprise': '企业',
    'rlevel.red': '重大风险', 'rlevel.orange': '较大风险', 'rlevel.yellow': '一般风险', 'rlevel.blue': '低风险',
    'l.print': '打印（网页版）', 'l.pdf': '下载 PDF',
  },
  en: {
    'lstate.draft': 'Draft', 'lstate.issued': 'Issued, awaiting answer', 'lstate.answered': 'Answered, awaiting closing',
    'lstate.closed': 'Closed', 'lstate.withdrawn': 'Withdrawn', 'lt.drafted': 'drafted', 'lt.issued': 'issued', 'lt.answered': 'answered',
    'lt.returned': 'returned', 'lt.closed': 'closed', 'lt.withdrawn': 'withdrawn', 'l.overdue': 'Overdue', 'lscope.project': 'Project',
    'lscope.enterprise': 'Enterprise', 'rlevel.red': 'Major risk', 'rlevel.orange': 'Considerable risk', 'rlevel.yellow': 'Moderate risk',
    'rlevel.blue': 'Low risk', 'l.print': 'Print (HTML)', 'l.pdf': 'Download PDF',
  },
};

/** The letter's title and body in the console's language (a letter is written in Chinese; English is its rendering). */
export function letterTitle(l) { return currentLang() === 'en' ? l.titleEn : l.title; }
export function letterBody(l) { return currentLang() === 'en' ? l.bodyEn : l.body; }

/** The body as paragraphs, one per line, with the ids it cites (evidence, the addressee's) marked as codes. */
export function bodyParagraphs(l) {
  const ids = new Set([l.targetId, ...(l.facts?.factors ?? []).flatMap((f) => f.evidence)].filter(Boolean));
  const escaped = [...ids].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = escaped.length ? new RegExp(`(${escaped.join('|')})`) : null;
  const marked = (line) => (pattern ? line.split(pattern).map((part, i) => (i % 2 ? h('span', { class: 'code' }, part) : part)) : [line]);
  return letterBody(l).split('\n').filter((line) => line.trim())
    .map((line, i) => h('p', { class: i === 0 ? 'salutation' : null }, ...marked(line)));
}

/** The printable letter in the console's language: HTML opened in a new tab, PDF saved. */
export async function openLetterReport(id, format) {
  // The report needs the bearer token, so it is fetched and shown from a blob rather than linked.
  const res = await fetch(`/api/v1/letters/${encodeURIComponent(id)}/report?format=${format}&lang=${currentLang()}`,
    { headers: { Authorization: `Bearer ${session.token()}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const type = format === 'pdf' ? 'application/pdf' : 'text/html';
  const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
  if (format === 'pdf') {
    const link = h('a', { href: url, download: `letter-${id}.pdf`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    return;
  }
  window.open(url, '_blank');
}
