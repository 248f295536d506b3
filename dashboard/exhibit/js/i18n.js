/**
 * Every visitor-facing string comes from exhibit/i18n/<lang>.json; names and numbers come from the
 * rig. `t('caption.reads', { answer: '7' })` fills {placeholders}. Elements marked
 * data-i18n="key" (text) or data-i18n-label="key" (aria-label) are translated in place.
 */
export const LANGUAGES = ['en', 'de', 'fr'];

const loaded = new Map();
let strings = {};
let english = {};
let current = 'en';

async function load(lang) {
  if (!loaded.has(lang)) {
    // Beside this folder, wherever the page is served from.
    const res = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url));
    if (!res.ok) throw new Error(`language ${lang}: HTTP ${res.status}`);
    loaded.set(lang, await res.json());
  }
  return loaded.get(lang);
}

/** Loads and switches to `lang` (English when it has no file); resolves to the language used. */
export async function useLanguage(lang) {
  english = await load('en');
  current = LANGUAGES.includes(lang) ? lang : 'en';
  strings = await load(current);
  document.documentElement.lang = current;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  return current;
}

export const language = () => current;

/** The language's own name ("Deutsch"), for the switch. */
export async function languageName(lang) {
  return (await load(lang))['language.name'];
}

export function t(key, vars = {}) {
  const text = strings[key] ?? english[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? `{${name}}`));
}

/** A count in words where the language has them ("two neurons"), digits beyond. */
export function count(n) {
  return strings[`number.${n}`] ?? formatNumber(n);
}

/** Number formats by language and digits: making one costs far more than using it (the tally formats on every try). */
const formats = new Map();

export function formatNumber(n, digits = 0) {
  const key = `${current} ${digits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(current, { maximumFractionDigits: digits, minimumFractionDigits: digits })));
  return format.format(n);
}
