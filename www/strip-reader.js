// <strip-reader>: the whole reader as one custom element in a Shadow DOM, loadable with
//   <script type="module" src=".../strip-reader.js"></script>
//   <strip-reader organization="…" locale="es"></strip-reader>
// Everything it loads comes from the folder this file is in (styles, catalogs, the worker, the
// wasm, example photos); it sends nothing anywhere. See www/EMBEDDING.md.
import { ReaderBridge } from './bridge.js';
import { loadCatalog, applyCatalog, pickLanguage, LANGUAGES } from './i18n.js';
import { readerMarkup } from './template.js';
import { ReaderApp } from './app.js';
import { normalizeResources } from './resources.js';

const STYLESHEET = new URL('./strip-reader.css', import.meta.url).href;

// One worker (one wasm instance) serves every reader on the page.
let sharedBridge = null;
function bridge() {
  if (!sharedBridge || (sharedBridge.failure && sharedBridge.failure.code === 'terminated')) sharedBridge = new ReaderBridge();
  return sharedBridge;
}

const words = (value) =>
  String(value || '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const ATTRIBUTES = ['locale', 'locales', 'models', 'model', 'organization', 'resources', 'layout', 'examples', 'camera', 'steps', 'heading-level', 'theme'];

export class StripReaderElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this._resources = null; // set by the property (objects) rather than the attribute (JSON)
    this._app = null;
    this._catalog = null;
    this._booting = null;
    this._localeToken = 0;
  }

  // ---- properties (each also settable as an attribute) ----

  /** The language in use ('en', 'es', 'fr', 'pt'); set it to switch. */
  get locale() {
    return this._catalog ? this._catalog.lang : this.wantedLocale();
  }
  set locale(value) {
    this.setAttribute('locale', String(value));
  }

  get organization() {
    return this.getAttribute('organization') || '';
  }
  set organization(value) {
    if (value) this.setAttribute('organization', String(value));
    else this.removeAttribute('organization');
  }

  /** Resources as objects (see EMBEDDING.md); the `resources` attribute takes the same as JSON. */
  get resources() {
    return this._resources ?? normalizeResources(this.getAttribute('resources'));
  }
  set resources(value) {
    this._resources = normalizeResources(value);
    this.refresh();
  }

  get models() {
    return words(this.getAttribute('models'));
  }
  set models(value) {
    this.setAttribute('models', Array.isArray(value) ? value.join(' ') : String(value));
  }

  /** Everything at once: {locale, locales, models, model, organization, resources, layout, examples, camera, steps}. */
  get config() {
    return { ...this.configFromAttributes(), locale: this.locale };
  }
  set config(value) {
    const c = value || {};
    for (const name of ['locale', 'model', 'organization', 'layout', 'steps']) {
      if (c[name] !== undefined) this.setAttribute(name, String(c[name]));
    }
    for (const name of ['locales', 'models']) {
      if (c[name] !== undefined) this.setAttribute(name, Array.isArray(c[name]) ? c[name].join(' ') : String(c[name]));
    }
    for (const name of ['examples', 'camera']) {
      if (c[name] !== undefined) this.setAttribute(name, c[name] === false || c[name] === 'off' ? 'off' : 'on');
    }
    if (c.resources !== undefined) this.resources = c.resources;
  }

  /** The last reading shown (the same object the result event carried), or null. */
  get reading() {
    return this._app && this._app.reading ? JSON.parse(JSON.stringify(this._app.reading)) : null;
  }

  /** Resolves when the reader is ready to read (the wasm is loaded). */
  get ready() {
    return this._booting ? this._booting.then(() => undefined) : Promise.resolve();
  }

  /** Reads a photo the host page already has (a File or Blob); resolves to the reading. */
  async read(blob) {
    await this.ready;
    if (!this._app) throw new Error('the reader is not ready');
    const reading = await this._app.run(blob, undefined, 'host');
    return reading ? JSON.parse(JSON.stringify(reading)) : null;
  }

  /** Back to the start screen. */
  reset() {
    if (this._app && this._app.started) this._app.readAnother();
  }

  /** Used by the app page (page.js): shows "an update is ready" with a reload button. */
  offerUpdate(onReload) {
    this.ready.then(() => this._app && this._app.offerUpdate(onReload));
  }

  // ---- lifecycle ----

  connectedCallback() {
    if (!this._booting) {
      this._booting = this.boot().catch((e) => {
        this.dispatchEvent(new CustomEvent('strip-reader:error', { detail: { code: 'boot_failed', message: String(e && e.message ? e.message : e) }, bubbles: true, composed: true }));
        throw e;
      });
      this._booting.catch(() => {});
    } else if (this._app) {
      this._app.resume();
    }
  }

  disconnectedCallback() {
    if (this._app) this._app.suspend();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this._app) return;
    if (name === 'locale' || name === 'locales') {
      this.switchLocale();
    } else if (name === 'layout' || name === 'theme') {
      this._root.dataset.layout = this.layout();
      this._root.dataset.theme = this.theme();
    } else {
      this.refresh();
    }
  }

  /** light (the default inside someone else's page), dark, or auto (follows the device). */
  theme() {
    const t = (this.getAttribute('theme') || '').toLowerCase();
    return ['dark', 'auto'].includes(t) ? t : 'light';
  }

  layout() {
    return this.getAttribute('layout') === 'compact' ? 'compact' : 'full';
  }

  configFromAttributes() {
    const off = (name) => ['off', 'false', 'no', 'hidden'].includes((this.getAttribute(name) || '').toLowerCase());
    const locales = words(this.getAttribute('locales')).map((l) => l.toLowerCase()).filter((l) => LANGUAGES.includes(l));
    const steps = (this.getAttribute('steps') || '').toLowerCase();
    return {
      locales,
      models: this.models,
      model: this.getAttribute('model') || null,
      organization: this.organization,
      resources: this.resources,
      layout: this.layout(),
      examples: !off('examples'),
      camera: !off('camera'),
      steps: ['open', 'off'].includes(steps) ? steps : off('steps') ? 'off' : 'closed',
    };
  }

  wantedLocale() {
    const allowed = this.configFromAttributes().locales;
    const available = allowed.length ? allowed : LANGUAGES;
    const asked = this.getAttribute('locale');
    const preferred = asked ? [asked] : [];
    preferred.push(...(navigator.languages || [navigator.language]));
    return pickLanguage(preferred, available);
  }

  refresh() {
    if (!this._app) return;
    this._app.config = this.configFromAttributes();
    this._root.dataset.layout = this.layout();
    this._app.applyConfig();
  }

  async switchLocale() {
    const token = ++this._localeToken;
    const catalog = await loadCatalog(this.wantedLocale());
    if (token !== this._localeToken || !this._app) return;
    this._catalog = catalog;
    this._root.lang = catalog.lang;
    this._root.dir = catalog.dir;
    this._app.config = this.configFromAttributes();
    this._app.setCatalog(catalog);
    this.dispatchEvent(new CustomEvent('strip-reader:localechange', { detail: { locale: catalog.lang, title: catalog.t('app.title') }, bubbles: true, composed: true }));
  }

  async boot() {
    // Open, so assistive technology and tests can see in; host styles still cannot reach in.
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    const styled = new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
    shadow.append(link);
    const catalog = await loadCatalog(this.wantedLocale());
    await styled;
    const level = Math.min(5, Math.max(1, parseInt(this.getAttribute('heading-level') || '2', 10) || 2));
    const root = document.createElement('div');
    root.className = 'root';
    root.dataset.layout = this.layout();
    root.dataset.theme = this.theme();
    root.lang = catalog.lang;
    root.dir = catalog.dir;
    const template = document.createElement('template');
    template.innerHTML = readerMarkup({ level });
    root.append(template.content);
    applyCatalog(root, catalog);
    shadow.append(root);
    this._root = root;
    this._catalog = catalog;
    this._app = new ReaderApp(root, { bridge: bridge(), catalog, config: this.configFromAttributes(), host: this });
    this.dispatchEvent(new CustomEvent('strip-reader:localechange', { detail: { locale: catalog.lang, title: catalog.t('app.title') }, bubbles: true, composed: true }));
    await this._app.start();
  }
}

if (!customElements.get('strip-reader')) customElements.define('strip-reader', StripReaderElement);
