// strip-reader page: pick a strip type, take or choose a photo (or an example), read it in the
// worker, show the verdict, the photo with C and T marked, the lines in words and guidance.
// Every word shown comes from the message catalog (www/i18n/<lang>.json).
import { ReaderBridge } from './bridge.js';
import { decodePhoto } from './image.js';
import { loadCatalog, applyCatalog, pickLanguage } from './i18n.js';
import { describeReading } from './present.js';
import { drawReading } from './overlay.js';

const EXAMPLES = {
  positive: new URL('./examples/generated/positive.jpg', import.meta.url),
  negative: new URL('./examples/generated/negative.jpg', import.meta.url),
  invalid: new URL('./examples/generated/invalid.jpg', import.meta.url),
};

class AppError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = code;
    this.code = code;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/**
 * The reader UI, mounted on a root (a document or an element's shadow root) that holds the
 * markup of index.html's <main id="app">. Later: the <strip-reader> element mounts the same.
 */
export class ReaderApp {
  constructor(root, { bridge, catalog }) {
    this.root = root;
    this.bridge = bridge;
    this.catalog = catalog;
    this.models = [];
    this.runToken = 0;
    this.photo = null;
    this.reading = null;
    this.lastBlob = null;
    const $ = (sel) => root.querySelector(sel);
    this.els = {
      app: $('#app') || root,
      model: $('#model'),
      modelNote: $('#model-note'),
      inputs: [...root.querySelectorAll('.file-input')],
      examples: [...root.querySelectorAll('[data-example]')],
      picker: $('#picker'),
      error: $('#error'),
      errorMessage: $('#error-message'),
      errorDetail: $('#error-detail'),
      errorDetailText: $('#error-detail-text'),
      verdict: $('#verdict'),
      verdictIcon: $('#verdict-icon'),
      headline: $('#verdict-headline'),
      reason: $('#verdict-reason'),
      details: $('#details'),
      canvas: $('#photo'),
      caption: $('#photo-caption'),
      linesSection: $('#lines-section'),
      strips: $('#strips'),
      explain: $('#explain'),
      guidanceList: $('#guidance-list'),
      guidanceExtra: $('#guidance-extra'),
      version: $('#version'),
    };
  }

  t(key, params) {
    return this.catalog.t(key, params);
  }

  get model() {
    return this.models.find((m) => m.id === this.els.model.value) || this.models[0] || null;
  }

  async start() {
    this.bindEvents();
    this.setStatus('idle', this.t('app.loading'));
    this.setState('loading');
    let hello;
    try {
      hello = await this.bridge.hello();
    } catch (e) {
      this.showError(e);
      return;
    }
    this.models = hello.models;
    this.fillModels();
    this.els.version.textContent = this.t('app.version', { version: hello.version });
    this.setEnabled(true);
    this.setStatus('idle', this.t('status.idle'));
    this.setState('ready');
  }

  fillModels() {
    const select = this.els.model;
    select.replaceChildren();
    for (const m of this.models) {
      const key = `model.${m.id}`;
      const option = el('option', null, this.catalog.has(key) ? this.t(key) : m.name);
      option.value = m.id;
      select.append(option);
    }
    this.updateModelNote();
  }

  updateModelNote() {
    const m = this.model;
    const w = m && m.read_window_minutes;
    this.els.modelNote.textContent = w ? this.t('form.read_window', { earliest: w.earliest, latest: w.latest }) : '';
  }

  setEnabled(on) {
    this.els.model.disabled = !on;
    for (const input of this.els.inputs) input.disabled = !on;
    for (const button of this.els.examples) button.disabled = !on;
  }

  bindEvents() {
    for (const input of this.els.inputs) {
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        if (file) this.run(file);
        // Let the same file be chosen again (e.g. after changing the strip type).
        input.value = '';
      });
    }
    for (const button of this.els.examples) {
      button.addEventListener('click', () => this.runExample(button.dataset.example));
    }
    this.els.model.addEventListener('change', () => {
      this.updateModelNote();
      if (this.lastBlob) this.run(this.lastBlob);
    });
    const picker = this.els.picker;
    picker.addEventListener('dragover', (event) => {
      if (this.els.model.disabled) return;
      event.preventDefault();
      picker.classList.add('dragging');
    });
    picker.addEventListener('dragleave', () => picker.classList.remove('dragging'));
    picker.addEventListener('drop', (event) => {
      picker.classList.remove('dragging');
      if (this.els.model.disabled) return;
      event.preventDefault();
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) this.run(file);
    });
    if (typeof ResizeObserver !== 'undefined') {
      let lastWidth = 0;
      new ResizeObserver((entries) => {
        const width = Math.round(entries[0].contentRect.width);
        if (width && width !== lastWidth) {
          lastWidth = width;
          if (this.photo && this.reading) this.drawPhoto();
        }
      }).observe(this.els.details);
    }
  }

  setState(state) {
    this.els.app.dataset.state = state;
  }

  setStatus(result, headline, reason = '') {
    const v = this.els.verdict;
    v.dataset.result = result;
    this.els.verdictIcon.setAttribute('href', `#icon-${result}`);
    this.els.headline.textContent = headline;
    this.els.reason.textContent = reason;
    this.els.reason.hidden = !reason;
    // An empty verdict is collapsed but stays in the accessibility tree, so the live region keeps
    // announcing reliably (regions toggled with display: none often go unannounced).
    v.classList.toggle('is-empty', !headline);
  }

  clearError() {
    this.els.error.hidden = true;
    this.els.errorMessage.textContent = '';
    this.els.errorDetailText.textContent = '';
    this.els.errorDetail.open = false;
  }

  showError(error) {
    const code = (error && (error.code || error.name)) || 'internal';
    const key = this.catalog.has(`error.${code}`) ? `error.${code}` : 'error.internal';
    this.els.errorMessage.textContent = this.t(key);
    const detail = error && error.message && error.message !== code ? error.message : '';
    this.els.errorDetailText.textContent = detail ? this.t('error.detail', { detail }) : '';
    this.els.errorDetail.hidden = !detail;
    this.els.error.dataset.code = code;
    this.els.error.hidden = false;
    this.els.details.hidden = true;
    this.setStatus('idle', '', '');
    this.setState('error');
  }

  async runExample(name) {
    const url = EXAMPLES[name];
    if (!url) return;
    const token = ++this.runToken;
    this.beginRun();
    let blob;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new AppError('example_missing', `${url.pathname}: HTTP ${response.status}`);
      blob = await response.blob();
    } catch (e) {
      if (token === this.runToken) this.showError(e instanceof AppError ? e : new AppError('example_missing', e.message));
      return;
    }
    if (token === this.runToken) await this.run(blob, token);
  }

  beginRun() {
    this.clearError();
    this.setState('busy');
    this.els.app.setAttribute('aria-busy', 'true');
    this.setStatus('reading', this.t('status.reading'));
  }

  /** Reads one photo (File or Blob). A newer run makes an older one's answer be ignored. */
  async run(blob, token = ++this.runToken) {
    this.beginRun();
    this.lastBlob = blob;
    const model = this.model;
    try {
      const photo = await decodePhoto(blob);
      if (token !== this.runToken) {
        photo.bitmap.close();
        return;
      }
      const { rgba, width, height } = photo;
      photo.rgba = null; // transferred to the worker below
      const reading = await this.bridge.analyze(rgba, width, height, { model: model && model.id });
      if (token !== this.runToken) {
        photo.bitmap.close();
        return;
      }
      if (this.photo && this.photo !== photo) this.photo.bitmap.close();
      this.photo = photo;
      this.reading = reading;
      this.render();
    } catch (e) {
      if (token === this.runToken) this.showError(e);
    } finally {
      if (token === this.runToken) this.els.app.removeAttribute('aria-busy');
    }
  }

  render() {
    const model = this.models.find((m) => m.id === this.reading.model) || this.model;
    const d = describeReading(this.reading, model, this.catalog);
    this.description = d;
    this.setStatus(d.result, d.headline, d.reason || '');

    const e = this.els;
    e.details.hidden = false;
    this.drawPhoto();
    e.caption.textContent = [d.disclaimer, d.timing].filter(Boolean).join(' ');

    e.strips.replaceChildren();
    const several = d.strips.length > 1;
    for (const s of d.strips) {
      const block = el('div', 'strip');
      block.dataset.result = s.result;
      if (several) {
        block.append(el('h3', 'strip-title', `${s.label}: ${s.headline}`));
        if (s.reason) block.append(el('p', 'note', s.reason));
      }
      const dl = el('dl', 'line-list');
      for (const line of [s.control, s.test]) {
        const row = el('div', 'line-row');
        row.dataset.state = line.state || 'unread';
        row.append(el('dt', null, line.label), el('dd', null, line.text));
        dl.append(row);
      }
      block.append(dl);
      if (s.orientation) block.append(el('p', 'note', s.orientation));
      e.strips.append(block);
    }
    e.linesSection.hidden = d.strips.length === 0;
    e.explain.textContent = d.explain || '';

    e.guidanceList.replaceChildren(...d.guidance.items.map((item) => el('li', null, item)));
    e.guidanceExtra.replaceChildren(...d.guidance.extra.map((item) => el('p', 'note', item)));
    e.details.dataset.result = d.guidanceResult;
    this.setState('result');
    this.revealVerdict();
  }

  /** On a phone the verdict sits below the picker: bring it into view once (no focus move). */
  revealVerdict() {
    const v = this.els.verdict;
    const box = v.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return;
    const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    v.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }

  drawPhoto() {
    const canvas = this.els.canvas;
    const figure = canvas.parentElement;
    const style = getComputedStyle(figure);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const width = Math.max(120, figure.clientWidth - padding);
    const maxHeight = Math.max(240, Math.round(window.innerHeight * 0.7));
    const model = this.models.find((m) => m.id === this.reading.model) || this.model;
    drawReading(canvas, {
      photo: this.photo,
      reading: this.reading,
      model,
      fit: { width, maxHeight },
      dpr: Math.min(3, window.devicePixelRatio || 1),
      text: { control: this.t('overlay.control'), test: this.t('overlay.test'), watermark: this.t('overlay.watermark') },
    });
  }
}

async function boot() {
  const root = document;
  let catalog;
  try {
    catalog = await loadCatalog(pickLanguage(navigator.languages || [navigator.language]));
  } catch (e) {
    const fallback = document.getElementById('boot-error');
    if (fallback) fallback.hidden = false;
    throw e;
  }
  document.documentElement.lang = catalog.lang;
  document.documentElement.dir = catalog.dir;
  document.title = catalog.t('app.title');
  applyCatalog(root, catalog);
  const app = new ReaderApp(root, { bridge: new ReaderBridge(), catalog });
  await app.start();
}

boot();
