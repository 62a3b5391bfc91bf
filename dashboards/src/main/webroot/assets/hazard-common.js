// What the hazard ledger's pages share (the regulator's ledger, the site console): names of levels,
// states, sources and transitions in Chinese and English, a hazard's text and clause in the page's
// language.
import { currentLang } from './common.js';

export const HAZARD_STRINGS = {
  zh: {
    'hlevel.major': '重大', 'hlevel.general': '一般',
    'hstate.open': '待整改', 'hstate.rectified': '已整改待复查', 'hstate.closed': '已销号', 'hz.overdue': '逾期',
    'hsource.recorder': '记录仪上报', 'hsource.alarm': '监测告警', 'hsource.regulator': '监管检查',
    'ht.opened': '登记', 'ht.attached': '告警再次发生（并入）', 'ht.rectified': '整改完成', 'ht.closed': '复查通过，销号',
    'ht.reopened': '复查不通过，退回整改', 'ht.overdue': '逾期未整改',
  },
  en: {
    'hlevel.major': 'Major', 'hlevel.general': 'General',
    'hstate.open': 'To rectify', 'hstate.rectified': 'Rectified, awaiting review', 'hstate.closed': 'Closed', 'hz.overdue': 'overdue',
    'hsource.recorder': 'Recorder', 'hsource.alarm': 'Monitoring alarm', 'hsource.regulator': 'Inspection',
    'ht.opened': 'reported', 'ht.attached': 'alarm again (joined)', 'ht.rectified': 'rectified', 'ht.closed': 'review passed, closed',
    'ht.reopened': 'review failed, to rectify again', 'ht.overdue': 'overdue',
  },
};

/** The hazard's description in the page's language (a person's words stay as written). */
export function hazardText(hz) {
  return currentLang() === 'en' && hz.textEn ? hz.textEn : hz.text;
}

/** The clause as cited (第八条(一), Art. 8 (1)) in the page's language. */
export function clauseLabel(hz) {
  return currentLang() === 'en' && hz.clauseLabelEn ? hz.clauseLabelEn : hz.clauseLabel;
}

/** The clause as cited with its text in the page's language, or null. */
export function clauseOf(hz) {
  if (!hz.clause) return null;
  const text = hz.clauseText ? (currentLang() === 'en' ? hz.clauseText.en : hz.clauseText.zh) : '';
  return `${clauseLabel(hz)}${text ? ' — ' + text : ''}`;
}

/** Categories the bundled alarm rules give their hazards, in English; a person's own category stays as written. */
const CATEGORIES_EN = {
  建筑起重机械: 'Building cranes', 基坑: 'Foundation pit', 高处作业: 'Work at height', 冒险作业: 'Work in bad conditions',
  施工安全管理: 'Site safety management', 模板工程及支撑体系: 'Formwork and supports', 脚手架: 'Scaffolds',
};

export function categoryText(hz) {
  return currentLang() === 'en' && CATEGORIES_EN[hz.category] ? CATEGORIES_EN[hz.category] : hz.category;
}
