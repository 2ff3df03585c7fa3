// The reader's icons as SVG markup (drawn here, no external assets). Shapes tell the results
// apart, never colour alone: triangle = detected, circle with "i" = not detected, square with X =
// invalid, circular arrow = retake. `.ink` parts take the card colour so they contrast with the
// icon's own colour in light and dark themes.

export const ICONS = {
  positive: '<path d="M24 3 L46 43 H2 Z" fill="currentColor"/><rect class="ink" x="21.5" y="16" width="5" height="15" rx="1.5"/><circle class="ink" cx="24" cy="36.5" r="3"/>',
  negative: '<circle cx="24" cy="24" r="21" fill="currentColor"/><circle class="ink" cx="24" cy="13.5" r="3.2"/><rect class="ink" x="21.2" y="19.5" width="5.6" height="17" rx="1.5"/>',
  invalid: '<rect x="3" y="3" width="42" height="42" rx="7" fill="currentColor"/><path class="ink-stroke" d="M15 15 L33 33 M33 15 L15 33" stroke-width="5.5" stroke-linecap="round"/>',
  retake: '<circle cx="24" cy="24" r="21" fill="currentColor"/><path class="ink-stroke" d="M33.5 19 A11 11 0 1 0 35 26" fill="none" stroke-width="4.5" stroke-linecap="round"/><path class="ink" d="M36.5 11 L36 21 L26.5 19.5 Z"/>',
  multiple: '<rect x="4" y="4" width="12" height="40" rx="3" fill="currentColor"/><rect x="18" y="4" width="12" height="40" rx="3" fill="currentColor"/><rect x="32" y="4" width="12" height="40" rx="3" fill="currentColor"/>',
  reading: '<circle cx="24" cy="24" r="19" fill="none" stroke="currentColor" stroke-width="5" stroke-dasharray="30 90" stroke-linecap="round"/>',
  idle: '<rect x="19" y="3" width="10" height="42" rx="2" fill="none" stroke="currentColor" stroke-width="3"/><path d="M20 21 H28 M20 31 H28" stroke="currentColor" stroke-width="3"/>',
  camera: '<path d="M17 8 L14 13 H8 A4 4 0 0 0 4 17 V36 A4 4 0 0 0 8 40 H40 A4 4 0 0 0 44 36 V17 A4 4 0 0 0 40 13 H34 L31 8 Z" fill="currentColor"/><circle class="ink-stroke" cx="24" cy="26" r="8.4" fill="none" stroke-width="4"/>',
  live: '<rect x="3" y="9" width="30" height="30" rx="4" fill="currentColor"/><path d="M35 20 L45 13 V35 L35 28 Z" fill="currentColor"/><rect class="ink" x="15" y="13" width="6" height="22" rx="1"/>',
  image: '<rect x="5" y="8" width="38" height="32" rx="4" fill="none" stroke="currentColor" stroke-width="4"/><path d="M10 34 L20 22 L27 30 L32 25 L38 34 Z" fill="currentColor"/><circle cx="33" cy="17" r="3.6" fill="currentColor"/>',
  timer: '<circle cx="24" cy="27" r="17" fill="none" stroke="currentColor" stroke-width="4"/><path d="M24 27 V16 M19 4 H29 M24 4 V10" stroke="currentColor" stroke-width="4" stroke-linecap="round"/>',
  save: '<path d="M24 5 V30 M14 20 L24 30 L34 20" fill="none" stroke="currentColor" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/><path d="M7 33 V41 H41 V33" fill="none" stroke="currentColor" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/>',
  close: '<path d="M12 12 L36 36 M36 12 L12 36" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>',
  phone: '<path d="M14 4 H34 A3 3 0 0 1 37 7 V41 A3 3 0 0 1 34 44 H14 A3 3 0 0 1 11 41 V7 A3 3 0 0 1 14 4 Z" fill="none" stroke="currentColor" stroke-width="4"/><circle cx="24" cy="37" r="2.5" fill="currentColor"/>',
  place: '<path d="M24 44 C24 44 9 28 9 18 A15 15 0 0 1 39 18 C39 28 24 44 24 44 Z" fill="currentColor"/><circle class="ink" cx="24" cy="18" r="5.5"/>',
  link: '<path d="M20 28 L28 20 M17 23 L12 28 A6 6 0 0 0 20 36 L25 31 M31 25 L36 20 A6 6 0 0 0 28 12 L23 17" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round"/>',
};

/** Inline SVG markup for an icon (for templates). */
export function iconSvg(name, className, id) {
  const idAttr = id ? ` id="${id}"` : '';
  return `<svg class="${className}"${idAttr} viewBox="0 0 48 48" aria-hidden="true" focusable="false" data-icon="${name}">${ICONS[name] || ''}</svg>`;
}

/** Swaps the drawing of an existing icon element. */
export function setIcon(svg, name) {
  if (!svg || svg.dataset.icon === name) return;
  svg.innerHTML = ICONS[name] || '';
  svg.dataset.icon = name;
}
