// Boots a page whose content is one <strip-reader> (index.html, the app; frame.html, the
// <iframe> embed): keeps the document's language and title in step with the reader, applies the
// iframe's query-string settings, and registers the service worker when the page names one
// (<meta name="strip-reader-offline">, set in the packaged folder).

const reader = document.querySelector('strip-reader');
const bootError = document.getElementById('boot-error');

// Settings an <iframe> embed passes in its URL: attributes, then theme colours.
const ATTRIBUTES = ['locale', 'locales', 'models', 'model', 'organization', 'resources', 'layout', 'examples', 'camera', 'steps', 'theme'];
const COLOURS = ['background', 'card', 'ink', 'muted', 'line', 'accent', 'accent-ink', 'focus'];
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([0-9., %]+\)|hsla?\([0-9., %deg]+\)|[a-z]{3,20})$/i;

function configureFromQuery(element, params) {
  for (const name of ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null) element.setAttribute(name, value.slice(0, 4000));
  }
  for (const name of COLOURS) {
    const value = params.get(name);
    if (value && COLOUR.test(value.trim())) element.style.setProperty(`--strip-reader-${name}`, value.trim());
  }
  const radius = params.get('radius');
  if (radius && /^\d+(\.\d+)?(px|em)$/.test(radius)) element.style.setProperty('--strip-reader-radius', radius);
  // Results go to the embedding page only when it asked, naming its origin (never '*').
  const notify = params.get('notify');
  if (notify && window.parent !== window) {
    let origin = null;
    try {
      origin = new URL(notify).origin;
    } catch {
      origin = null;
    }
    if (origin && origin !== 'null') {
      for (const type of ['result', 'ready', 'error']) {
        element.addEventListener(`strip-reader:${type}`, (event) => {
          window.parent.postMessage({ type: `strip-reader:${type}`, detail: event.detail }, origin);
        });
      }
    }
  }
}

async function registerServiceWorker() {
  const meta = document.querySelector('meta[name="strip-reader-offline"]');
  const script = meta && meta.content;
  if (!script || !('serviceWorker' in navigator)) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL(script, document.baseURI), { updateViaCache: 'none' });
  } catch {
    return; // offline use is a bonus: the page works without it
  }
  const hadController = !!navigator.serviceWorker.controller;
  const offer = (worker) => {
    if (!worker || !hadController) return;
    reader.offerUpdate(() => worker.postMessage({ type: 'skip-waiting' }));
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker);
    });
  });
  // A new version took over (the person pressed "reload"): reload so old and new files never mix.
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    location.reload();
  });
}

if (reader) {
  reader.addEventListener('strip-reader:localechange', (event) => {
    document.documentElement.lang = event.detail.locale;
    document.title = event.detail.title;
  });
  reader.addEventListener('strip-reader:error', (event) => {
    if (event.detail && event.detail.code === 'boot_failed' && bootError) bootError.hidden = false;
  });
  if (reader.hasAttribute('data-from-query')) configureFromQuery(reader, new URLSearchParams(location.search));
}

import('./strip-reader.js').catch(() => {
  if (bootError) bootError.hidden = false;
});
registerServiceWorker();
