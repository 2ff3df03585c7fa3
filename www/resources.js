// Local resources an organization shows beside the guidance: phone lines, naloxone sites,
// drug-checking services, links. Given as JSON (attribute) or objects (JS property). Text can be
// one string or one per language ({"en": "…", "es": "…"}). Pure: no DOM.

export const KINDS = ['phone', 'naloxone', 'drug-checking', 'service', 'url', 'text'];

/** A string, or the best entry of a {lang: string} object. */
export function localized(value, lang, fallback = 'en') {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const base = String(lang || '').split('-')[0];
    for (const key of [lang, base, fallback]) {
      if (key && typeof value[key] === 'string') return value[key];
    }
    const first = Object.values(value).find((v) => typeof v === 'string');
    return first || '';
  }
  return '';
}

/** A phone number as typed → the tel: link target (digits and a leading +), or null. */
export function telHref(phone) {
  const text = String(phone || '').trim();
  if (!/^[+0-9][0-9 ()./-]{2,30}$/.test(text)) return null;
  const digits = text.replace(/[^0-9]/g, '');
  return digits.length >= 3 ? `tel:${text.startsWith('+') ? '+' : ''}${digits}` : null;
}

/** Only web links (http, https) are made clickable. */
export function safeUrl(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Accepts a JSON string, an array of items, or {items: [...]}, and returns clean items
 * {name, kind, phone, url, address, hours, text} (all still possibly per-language objects).
 * Items without a name or text are dropped; so is anything that is not valid JSON.
 */
export function normalizeResources(input) {
  let value = input;
  if (typeof value === 'string') {
    if (!value.trim()) return [];
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (value && !Array.isArray(value) && Array.isArray(value.items)) value = value.items;
  if (!Array.isArray(value)) return [];
  const out = [];
  for (const item of value.slice(0, 20)) {
    if (!item || typeof item !== 'object') continue;
    const name = item.name ?? item.label;
    if (!name && !item.text) continue;
    out.push({
      name: name ?? '',
      kind: KINDS.includes(item.kind) ? item.kind : item.phone ? 'phone' : item.url ? 'url' : 'text',
      phone: typeof item.phone === 'string' ? item.phone : null,
      url: typeof item.url === 'string' ? item.url : null,
      address: item.address ?? null,
      hours: item.hours ?? null,
      text: item.text ?? null,
    });
  }
  return out;
}

/** The block shown when no organization gave its own: the never-use-alone lines. */
export function defaultResources(catalog) {
  return [
    { name: catalog.t('resource.nua.name'), kind: 'phone', phone: '1-800-484-3731', text: catalog.t('resource.nua.text') },
    { name: catalog.t('resource.nors.name'), kind: 'phone', phone: '1-888-688-6677', text: catalog.t('resource.nors.text') },
  ];
}

/** Items ready to show in one language: strings only, with link targets checked. */
export function resolveResources(items, lang) {
  return items.map((item) => {
    const phone = localized(item.phone, lang);
    const url = localized(item.url, lang);
    return {
      kind: item.kind,
      name: localized(item.name, lang),
      text: localized(item.text, lang),
      address: localized(item.address, lang),
      hours: localized(item.hours, lang),
      phone: phone || null,
      tel: phone ? telHref(phone) : null,
      url: url ? safeUrl(url) : null,
      urlText: url ? url.replace(/^https?:\/\//, '').replace(/\/$/, '') : null,
    };
  });
}
