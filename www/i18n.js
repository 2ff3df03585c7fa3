// Message catalogs: www/i18n/<lang>.json, flat keys → strings (or arrays of strings for lists).
// `{name}` placeholders are filled from params. A missing key falls back to English, then to the
// key itself (so a gap shows up visibly instead of as an empty box).

export const LANGUAGES = ['en', 'es', 'fr', 'pt'];
export const DEFAULT_LANGUAGE = 'en';
/** Each language in its own words (names: the same in every catalog). */
export const LANGUAGE_NAMES = { en: 'English', es: 'Español', fr: 'Français', pt: 'Português' };

export class Catalog {
  constructor(lang, messages, fallback = null) {
    this.lang = lang;
    this.messages = messages || {};
    this.fallback = fallback;
  }

  has(key) {
    return Object.hasOwn(this.messages, key) || (this.fallback ? this.fallback.has(key) : false);
  }

  raw(key) {
    if (Object.hasOwn(this.messages, key)) return this.messages[key];
    if (this.fallback) return this.fallback.raw(key);
    return undefined;
  }

  /** One message as a string, placeholders filled. */
  t(key, params) {
    const value = this.raw(key);
    if (value === undefined) return key;
    return format(Array.isArray(value) ? value.join(' ') : String(value), params);
  }

  /** A message that is a list (array) of strings; a plain string gives a list of one. */
  list(key, params) {
    const value = this.raw(key);
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((s) => format(String(s), params));
  }

  get dir() {
    return this.t('meta.dir') === 'rtl' ? 'rtl' : 'ltr';
  }
}

export function format(template, params) {
  if (!params) return template;
  return template.replace(/\{([a-z_][a-z0-9_]*)\}/gi, (whole, name) =>
    Object.hasOwn(params, name) && params[name] !== undefined && params[name] !== null ? String(params[name]) : whole,
  );
}

/** The best language we ship for the user's preference list (e.g. navigator.languages). */
export function pickLanguage(preferred = [], available = LANGUAGES) {
  for (const tag of preferred) {
    const lower = String(tag).toLowerCase();
    if (available.includes(lower)) return lower;
    const base = lower.split('-')[0];
    if (available.includes(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

async function fetchMessages(lang, base) {
  const response = await fetch(new URL(`${lang}.json`, base));
  if (!response.ok) throw new Error(`catalog ${lang}: HTTP ${response.status}`);
  return response.json();
}

// One fetch per catalog file per page, shared by every reader on it.
const messageCache = new Map();
function cachedMessages(lang, base) {
  const key = new URL(`${lang}.json`, base).href;
  if (!messageCache.has(key)) {
    const promise = fetchMessages(lang, base);
    promise.catch(() => messageCache.delete(key));
    messageCache.set(key, promise);
  }
  return messageCache.get(key);
}

/** Loads a catalog (with English as the fallback). */
export async function loadCatalog(lang = DEFAULT_LANGUAGE, base = new URL('./i18n/', import.meta.url)) {
  const english = new Catalog(DEFAULT_LANGUAGE, await cachedMessages(DEFAULT_LANGUAGE, base));
  if (lang === DEFAULT_LANGUAGE) return english;
  try {
    return new Catalog(lang, await cachedMessages(lang, base), english);
  } catch {
    return english;
  }
}

/**
 * Fills the static text of a DOM subtree: `data-i18n="key"` sets textContent,
 * `data-i18n-attr="attr:key attr2:key2"` sets attributes (aria-label, alt, title, ...).
 */
export function applyCatalog(root, catalog) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = catalog.t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(/\s+/).filter(Boolean)) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, catalog.t(key));
    }
  }
}
