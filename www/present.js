// Turns a reading (the parsed JSON of the wasm `analyze`) into words from a message catalog.
// Pure: no DOM, so Node tests can check every result and reason code against the catalog.

export const RESULTS = ['positive', 'negative', 'invalid', 'retake', 'multiple'];
export const REASONS = [
  'too_dark',
  'too_bright',
  'blurry',
  'strip_not_found',
  'strip_too_small',
  'strip_cut_off',
  'uncertain_test_line',
  'faint_control',
  'no_control',
  'orientation_unknown',
  'unexpected_line',
  'strip_needs_retake',
];
export const LINE_STATES = ['present', 'absent', 'uncertain'];
export const ORIENTATIONS = ['handle', 'well', 'lines', 'unknown'];

// How results rank when several strips share a photo: the guidance follows the most cautious one.
const CAUTION = ['positive', 'retake', 'invalid', 'negative'];

/** The large headline: "Fentanyl detected (positive)", "Retake the photo", ... */
export function headline(result, drug, catalog) {
  if (result === 'positive' || result === 'negative') {
    const specific = `result.${result}.${drug}`;
    if (drug && catalog.has(specific)) return catalog.t(specific);
    const drugName = drug && catalog.has(`drug.${drug}`) ? catalog.t(`drug.${drug}`) : catalog.t('drug.generic');
    return catalog.t(`result.${result}`, { drug: drugName });
  }
  if (RESULTS.includes(result)) return catalog.t(`result.${result}`);
  return catalog.t('result.retake');
}

/** A line's strength in words (descriptive only: the core decides present/absent). */
export function strengthWord(strength) {
  const s = Number(strength) || 0;
  if (s >= 0.3) return 'strong';
  if (s >= 0.15) return 'medium';
  if (s >= 0.06) return 'faint';
  return 'very_faint';
}

export function percent(strength) {
  return Math.max(0, Math.round((Number(strength) || 0) * 100));
}

/** "seen, faint (contrast 8 %)", "not seen", ... */
export function lineText(call, catalog) {
  if (!call) return catalog.t('lines.state.unread');
  const state = LINE_STATES.includes(call.state) ? call.state : call.present ? 'present' : 'absent';
  return catalog.t(`lines.state.${state}`, {
    strength: catalog.t(`lines.strength.${strengthWord(call.strength)}`),
    percent: percent(call.strength),
  });
}

export function describeStrip(strip, index, model, catalog) {
  return {
    number: index + 1,
    label: catalog.t('result.strip_number', { n: index + 1 }),
    result: strip.result,
    headline: headline(strip.result, model && model.drug, catalog),
    reason: strip.reason ? catalog.t(`reason.${strip.reason}`) : null,
    control: { label: catalog.t('lines.control'), text: lineText(strip.control, catalog), state: strip.control ? strip.control.state : null },
    test: { label: catalog.t('lines.test'), text: lineText(strip.test, catalog), state: strip.test ? strip.test.state : null },
    orientation: ORIENTATIONS.includes(strip.orientation) ? catalog.t(`lines.orientation.${strip.orientation}`) : null,
  };
}

/** The result whose guidance to show: the reading's own, or the most cautious strip's. */
export function guidanceResult(reading) {
  if (reading.result !== 'multiple') return reading.result;
  const seen = (reading.strips || []).map((s) => s.result);
  return CAUTION.find((r) => seen.includes(r)) || 'retake';
}

export const NON_OPIOIDS = ['xylazine', 'medetomidine', 'benzodiazepine'];

/**
 * The catalog key of the naloxone message for a model: its own `guidance.naloxone` key, else from
 * its `naloxone` flag (does naloxone reverse it), else from the drug (models without those fields).
 */
export function naloxoneKey(model, catalog) {
  const own = model && model.guidance && model.guidance.naloxone ? `guidance.${model.guidance.naloxone}` : null;
  if (own && catalog.has(own)) return own;
  if (model && typeof model.naloxone === 'boolean') return model.naloxone ? 'guidance.common.naloxone' : 'guidance.common.naloxone_non_opioid';
  return NON_OPIOIDS.includes(model && model.drug) ? 'guidance.common.naloxone_non_opioid' : 'guidance.common.naloxone';
}

/** guidance.<drug>.<result> when the catalog has words for that drug, else null. */
function drugKey(drug, result, catalog) {
  const key = drug ? `guidance.${drug}.${result}` : null;
  return key && catalog.has(key) ? key : null;
}

/** The guidance list for a result, from the model's catalog keys (with generic fallbacks). */
export function guidance(result, model, catalog) {
  const keys = (model && model.guidance) || {};
  const pick = (modelKey, fallbackKey) => {
    const key = modelKey ? `guidance.${modelKey}` : null;
    return catalog.list(key && catalog.has(key) ? key : fallbackKey);
  };
  // Naloxone reverses opioids (fentanyl, nitazenes, tramadol), not xylazine, medetomidine or benzos
  // (still given for those, because opioids are usually in the mix), nor stimulants or ketamine.
  const drug = model && model.drug;
  const naloxone = catalog.t(naloxoneKey(model, catalog));
  switch (result) {
    case 'positive':
      return { items: pick(keys.positive, drugKey(drug, 'positive', catalog) || 'guidance.drug.positive'), extra: [naloxone] };
    case 'negative':
      return { items: pick(keys.negative, drugKey(drug, 'negative', catalog) || 'guidance.drug.negative'), extra: [naloxone] };
    case 'invalid':
      return { items: pick(keys.invalid, 'guidance.common.invalid'), extra: [] };
    default:
      return { items: catalog.list('guidance.common.retake'), extra: [] };
  }
}

/** The model strip `i` was read with: `stripModels[i]`, the last of them beyond, else `model`. */
export function stripModel(i, model, stripModels) {
  const list = Array.isArray(stripModels) ? stripModels.filter(Boolean) : [];
  return list.length ? list[Math.min(i, list.length - 1)] : model;
}

/** Guidance for several strips read with different models: each model's words, once each. */
function mergedGuidance(result, reading, model, stripModels, catalog) {
  const seen = new Set();
  const parts = [];
  (reading.strips || []).forEach((s, i) => {
    const m = stripModel(i, model, stripModels);
    const id = m && (m.id || m.drug);
    if (s.result !== result || seen.has(id)) return;
    seen.add(id);
    parts.push(guidance(result, m, catalog));
  });
  if (!parts.length) return guidance(result, model, catalog);
  const unique = (lists) => [...new Set(lists.flat())];
  return { items: unique(parts.map((p) => p.items)), extra: unique(parts.map((p) => p.extra)) };
}

/**
 * Everything the page shows for a reading, in words. `stripModels` (optional): the model each
 * strip was read with, in reading order (a photo of several strip types; the last one is used for
 * any further strips); without it every strip is taken to be `model`.
 */
export function describeReading(reading, model, catalog, stripModels = null) {
  const result = RESULTS.includes(reading.result) ? reading.result : 'retake';
  const drug = model && model.drug;
  const strips = (reading.strips || []).map((s, i) => describeStrip(s, i, stripModel(i, model, stripModels), catalog));
  const gResult = guidanceResult(reading);
  const mixed = result === 'multiple' && Array.isArray(stripModels) && stripModels.length > 0;
  return {
    result,
    headline: headline(result, drug, catalog),
    reason: reading.reason ? catalog.t(`reason.${reading.reason}`) : null,
    strips,
    explain: model && model.assay && catalog.has(`explain.${model.assay}`) ? catalog.t(`explain.${model.assay}`) : null,
    guidanceResult: gResult,
    guidance: mixed ? mergedGuidance(gResult, reading, model, stripModels, catalog) : guidance(gResult, model, catalog),
    disclaimer: catalog.t('app.disclaimer'),
    timing: Number.isFinite(reading.ms) ? catalog.t('lines.timing', { ms: Math.round(reading.ms) }) : null,
  };
}
