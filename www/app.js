// The reader UI inside one <strip-reader> shadow root: steps and a timer, strip type, live camera
// or a photo (file, camera app, example), the verdict, the photo with C and T marked, the lines in
// words, guidance and local resources. Every word comes from the message catalog
// (www/i18n/<lang>.json). The element (strip-reader.js) builds the markup and hands it here.
import { decodePhoto } from './image.js';
import { applyCatalog, LANGUAGE_NAMES } from './i18n.js';
import { describeReading } from './present.js';
import { drawReading } from './overlay.js';
import { setIcon } from './icons.js';
import { LiveCamera, cameraSupported } from './camera.js';
import { readWindow, timerState, clock, DIP_SECONDS } from './timer.js';
import { defaultResources, resolveResources } from './resources.js';

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

/** A deep copy of a reading that is safe to hand to the host page (no photo in it, ever). */
function publicReading(reading) {
  return JSON.parse(JSON.stringify(reading));
}

/**
 * The reader UI mounted on `root` (the element inside the shadow root that holds readerMarkup()).
 * `host` is the <strip-reader> element: events are dispatched on it. `config` holds what the host
 * page set: {models, model, organization, resources, examples, camera, steps, locales}.
 */
export class ReaderApp {
  constructor(root, { bridge, catalog, config = {}, host = null }) {
    this.root = root;
    this.bridge = bridge;
    this.catalog = catalog;
    this.config = config;
    this.host = host;
    this.allModels = [];
    this.models = [];
    this.version = '';
    this.runToken = 0;
    this.photo = null;
    this.reading = null;
    this.source = null;
    this.lastBlob = null;
    this.stripModels = null; // ids chosen per strip (a photo of several strip types), or null
    this.timer = null; // {startedAt, phase, window}
    this.ticker = null;
    this.audio = null;
    this.camera = null;
    this.cameraAdvice = null;
    this.started = false;
    const $ = (sel) => root.querySelector(sel);
    this.els = {
      app: $('#app') || root,
      localeSelect: $('#locale-select'),
      orgLine: $('#org-line'),
      update: $('#update'),
      updateButton: $('#update-button'),
      steps: $('#steps'),
      stepWater: $('#step-water'),
      stepRead: $('#step-read'),
      timerBox: $('#timer'),
      timerClock: $('#timer-clock'),
      timerText: $('#timer-text'),
      timerAnnounce: $('#timer-announce'),
      timerSummary: $('#timer-summary'),
      timerStart: $('#timer-start'),
      timerStop: $('#timer-stop'),
      timerAlerts: $('#timer-alerts'),
      model: $('#model'),
      modelNote: $('#model-note'),
      liveCamera: $('#live-camera'),
      cameraLabel: $('#camera-label'),
      inputs: [...root.querySelectorAll('.file-input')],
      examplesBox: $('#examples'),
      examples: [...root.querySelectorAll('[data-example]')],
      picker: $('#picker'),
      cameraView: $('#camera-view'),
      video: $('#video'),
      cameraAdvice: $('#camera-advice'),
      cameraTimer: $('#camera-timer'),
      cameraCapture: $('#camera-capture'),
      cameraStop: $('#camera-stop'),
      cameraAuto: $('#camera-auto'),
      error: $('#error'),
      errorMessage: $('#error-message'),
      errorDetail: $('#error-detail'),
      errorDetailText: $('#error-detail-text'),
      verdict: $('#verdict'),
      verdictIcon: $('#verdict-icon'),
      headline: $('#verdict-headline'),
      reason: $('#verdict-reason'),
      late: $('#verdict-late'),
      details: $('#details'),
      canvas: $('#photo'),
      caption: $('#photo-caption'),
      linesSection: $('#lines-section'),
      strips: $('#strips'),
      explain: $('#explain'),
      key: $('#key'),
      guidanceList: $('#guidance-list'),
      guidanceExtra: $('#guidance-extra'),
      resources: $('#resources'),
      resourcesHeading: $('#resources-heading'),
      resourceList: $('#resource-list'),
      again: $('#again'),
      save: $('#save'),
      version: $('#version'),
    };
  }

  t(key, params) {
    return this.catalog.t(key, params);
  }

  get model() {
    return this.models.find((m) => m.id === this.els.model.value) || this.models[0] || null;
  }

  emit(name, detail) {
    if (this.host) this.host.dispatchEvent(new CustomEvent(`strip-reader:${name}`, { detail, bubbles: true, composed: true }));
  }

  async start() {
    this.bindEvents();
    this.applyConfig();
    this.setStatus('idle', this.t('app.loading'));
    this.setState('loading');
    let hello;
    try {
      hello = await this.bridge.hello();
    } catch (e) {
      this.showError(e);
      return;
    }
    this.allModels = hello.models;
    this.version = hello.version;
    this.fillModels();
    this.els.version.textContent = this.t('app.version', { version: hello.version });
    this.setEnabled(true);
    this.setStatus('idle', this.t('status.idle'));
    this.setState('ready');
    this.started = true;
    this.emit('ready', { version: hello.version, models: this.models.map((m) => m.id), locale: this.catalog.lang });
  }

  /** The host changed attributes or properties: show what they say. */
  applyConfig() {
    const c = this.config;
    const e = this.els;
    e.examplesBox.hidden = c.examples === false;
    const live = c.camera !== false && cameraSupported();
    e.liveCamera.hidden = !live;
    e.cameraLabel.classList.toggle('primary', !live);
    e.steps.hidden = c.steps === 'off';
    if (c.steps === 'open' && !this.stepsOpened) {
      e.steps.open = true;
      this.stepsOpened = true;
    }
    this.fillLocales();
    this.renderOrg();
    if (this.allModels.length) this.fillModels();
    this.renderResources();
  }

  /** A new catalog (the language changed): every word on screen again. */
  setCatalog(catalog) {
    this.catalog = catalog;
    const e = this.els;
    applyCatalog(this.root, catalog);
    this.fillLocales();
    this.renderOrg();
    if (this.allModels.length) this.fillModels();
    if (this.version) e.version.textContent = this.t('app.version', { version: this.version });
    this.renderResources();
    this.renderSteps();
    this.tick(false);
    if (this.camera && this.cameraAdvice) this.showAdvice(this.cameraAdvice, true);
    const state = e.app.dataset.state;
    if (state === 'result' && this.reading) {
      this.render({ announce: false });
    } else if (state === 'error' && this.lastError) {
      this.showError(this.lastError);
    } else if (state === 'ready') {
      this.setStatus('idle', this.t('status.idle'));
    } else if (state === 'loading') {
      this.setStatus('idle', this.t('app.loading'));
    }
  }

  fillLocales() {
    const select = this.els.localeSelect;
    const langs = this.config.locales && this.config.locales.length ? this.config.locales : Object.keys(LANGUAGE_NAMES);
    select.replaceChildren(
      ...langs.map((lang) => {
        const option = el('option', null, LANGUAGE_NAMES[lang] || lang);
        option.value = lang;
        option.lang = lang;
        return option;
      }),
    );
    select.value = this.catalog.lang;
    select.closest('.locale-field').hidden = langs.length < 2;
  }

  renderOrg() {
    const org = this.config.organization;
    this.els.orgLine.hidden = !org;
    this.els.orgLine.textContent = org ? this.t('org.offered_by', { organization: org }) : '';
  }

  renderResources() {
    const e = this.els;
    const org = this.config.organization;
    const own = this.config.resources || [];
    const items = resolveResources(own.length ? own : defaultResources(this.catalog), this.catalog.lang);
    e.resourcesHeading.textContent = org && own.length ? this.t('resources.heading_org', { organization: org }) : this.t('resources.heading');
    e.resourceList.replaceChildren(
      ...items.map((item) => {
        const li = el('li', 'resource');
        li.dataset.kind = item.kind;
        if (item.name) li.append(el('p', 'resource-name', item.name));
        if (item.text) li.append(el('p', 'resource-text', item.text));
        if (item.address) li.append(el('p', 'resource-text', item.address));
        if (item.hours) li.append(el('p', 'resource-text', item.hours));
        if (item.phone) {
          if (item.tel) {
            const a = el('a', 'resource-link', item.phone);
            a.href = item.tel;
            a.setAttribute('aria-label', this.t('resources.call', { name: item.name || item.phone, phone: item.phone }));
            li.append(a);
          } else {
            li.append(el('p', 'resource-text', item.phone));
          }
        }
        if (item.url) {
          const a = el('a', 'resource-link', item.urlText);
          a.href = item.url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          li.append(a);
        }
        return li;
      }),
    );
  }

  fillModels() {
    const wanted = this.config.models && this.config.models.length ? this.config.models : null;
    this.models = wanted ? this.allModels.filter((m) => wanted.includes(m.id)) : this.allModels.slice();
    if (!this.models.length) this.models = this.allModels.slice();
    const select = this.els.model;
    const current = select.value || this.config.model;
    select.replaceChildren();
    for (const m of this.models) {
      const option = el('option', null, this.modelName(m));
      option.value = m.id;
      select.append(option);
    }
    if (current && this.models.some((m) => m.id === current)) select.value = current;
    this.updateModelNote();
  }

  /** A strip type in words: its own catalog entry, else built from the drug and the format. */
  modelName(m) {
    const key = `model.${m.id}`;
    if (this.catalog.has(key)) return this.t(key);
    if (m.names && m.names[this.catalog.lang]) return m.names[this.catalog.lang];
    if (m.drug && this.catalog.has(`drug.${m.drug}`)) {
      const format = this.catalog.has(`format.${m.format}`) ? this.t(`format.${m.format}`) : m.format || '';
      return this.t('model.generic', { drug: this.t(`drug.${m.drug}`), format });
    }
    return m.name || m.id;
  }

  updateModelNote() {
    const m = this.model;
    const w = m && m.read_window_minutes;
    this.els.modelNote.textContent = w ? this.t('form.read_window', { earliest: w.earliest, latest: w.latest }) : '';
    this.renderSteps();
  }

  renderSteps() {
    const m = this.model;
    const w = readWindow(m);
    const drug = m && m.drug;
    const waterKey = drug && this.catalog.has(`steps.water.${drug}`) ? `steps.water.${drug}` : 'steps.water';
    this.els.stepWater.textContent = this.t(waterKey);
    this.els.stepRead.textContent = this.t('steps.read', { earliest: w.earliest, latest: w.latest });
  }

  setEnabled(on) {
    this.els.model.disabled = !on;
    for (const input of this.els.inputs) input.disabled = !on;
    for (const button of this.els.examples) button.disabled = !on;
    this.els.liveCamera.disabled = !on;
  }

  bindEvents() {
    const e = this.els;
    for (const input of e.inputs) {
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        if (file) this.run(file, undefined, input.id === 'camera' ? 'camera-app' : 'file');
        // Let the same file be chosen again (e.g. after changing the strip type).
        input.value = '';
      });
    }
    for (const button of e.examples) {
      button.addEventListener('click', () => this.runExample(button.dataset.example));
    }
    e.model.addEventListener('change', () => {
      this.updateModelNote();
      this.tick(false);
      if (this.lastBlob) this.run(this.lastBlob, undefined, this.source);
    });
    e.localeSelect.addEventListener('change', () => {
      if (this.host) this.host.locale = e.localeSelect.value;
    });
    e.liveCamera.addEventListener('click', () => this.openCamera());
    e.cameraCapture.addEventListener('click', () => this.captureFromCamera());
    e.cameraStop.addEventListener('click', () => this.closeCamera({ focus: true }));
    e.cameraAuto.addEventListener('change', () => {
      if (this.camera) this.camera.auto = e.cameraAuto.checked;
    });
    e.timerStart.addEventListener('click', () => this.startTimer());
    e.timerStop.addEventListener('click', () => this.stopTimer());
    e.again.addEventListener('click', () => this.readAnother());
    e.save.addEventListener('click', () => this.saveResult());
    const picker = e.picker;
    picker.addEventListener('dragover', (event) => {
      if (e.model.disabled) return;
      event.preventDefault();
      picker.classList.add('dragging');
    });
    picker.addEventListener('dragleave', () => picker.classList.remove('dragging'));
    picker.addEventListener('drop', (event) => {
      picker.classList.remove('dragging');
      if (e.model.disabled) return;
      event.preventDefault();
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) this.run(file, undefined, 'file');
    });
    if (typeof ResizeObserver !== 'undefined') {
      let lastWidth = 0;
      this.resizeObserver = new ResizeObserver((entries) => {
        const width = Math.round(entries[0].contentRect.width);
        if (width && width !== lastWidth) {
          lastWidth = width;
          if (this.photo && this.reading && !e.details.hidden) this.drawPhoto();
        }
      });
      this.resizeObserver.observe(e.details);
    }
    this.onVisibility = () => {
      // A camera left running in a hidden tab is closed: nothing is watched that is not shown.
      if (document.hidden && this.camera) this.closeCamera();
    };
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** The element left the page: stop the camera and the clock (the timer's start time is kept). */
  suspend() {
    if (this.camera) this.closeCamera();
    clearInterval(this.ticker);
    this.ticker = null;
  }

  resume() {
    if (this.timer && !this.ticker) this.ticker = setInterval(() => this.tick(true), 250);
  }

  destroy() {
    this.suspend();
    if (this.resizeObserver) this.resizeObserver.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  setState(state) {
    this.els.app.dataset.state = state;
  }

  setStatus(result, headline, reason = '') {
    const v = this.els.verdict;
    v.dataset.result = result;
    setIcon(this.els.verdictIcon, result);
    this.els.headline.textContent = headline;
    this.els.reason.textContent = reason;
    this.els.reason.hidden = !reason;
    if (result === 'idle' || result === 'reading') {
      this.els.late.hidden = true;
      this.els.late.textContent = '';
    }
    // An empty verdict is collapsed but stays in the accessibility tree, so the live region keeps
    // announcing reliably (regions toggled with display: none often go unannounced).
    v.classList.toggle('is-empty', !headline);
  }

  clearError() {
    this.lastError = null;
    this.els.error.hidden = true;
    this.els.errorMessage.textContent = '';
    this.els.errorDetailText.textContent = '';
    this.els.errorDetail.open = false;
  }

  showError(error) {
    this.lastError = error;
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
    this.emit('error', { code, message: this.t(key) });
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
    if (token === this.runToken) await this.run(blob, token, 'example');
  }

  beginRun() {
    this.clearError();
    this.setState('busy');
    this.els.app.setAttribute('aria-busy', 'true');
    this.setStatus('reading', this.t('status.reading'));
  }

  /**
   * Reads one photo (File or Blob). A newer run makes an older one's answer be ignored.
   * `stripModels`: model ids per strip in reading order (several strip types), else null.
   */
  async run(blob, token = ++this.runToken, source = 'file', stripModels = null) {
    this.beginRun();
    this.lastBlob = blob;
    let photo;
    try {
      photo = await decodePhoto(blob);
    } catch (e) {
      if (token === this.runToken) {
        this.showError(e);
        this.els.app.removeAttribute('aria-busy');
      }
      return null;
    }
    return this.readPhoto(photo, token, source, stripModels);
  }

  /** Reads decoded pixels ({bitmap, rgba, width, height, scale}); rgba is handed to the worker. */
  async readPhoto(photo, token, source, stripModels = null) {
    const model = this.model;
    // Several strip types: the core reads strip i with the i-th id of a comma list.
    const modelArg = stripModels && stripModels.length ? stripModels.join(',') : model && model.id;
    try {
      if (token !== this.runToken) {
        photo.bitmap.close();
        return null;
      }
      const { rgba, width, height } = photo;
      photo.rgba = null; // transferred to the worker below
      const reading = await this.bridge.analyze(rgba, width, height, { model: modelArg });
      if (token !== this.runToken) {
        photo.bitmap.close();
        return null;
      }
      if (this.photo && this.photo !== photo) this.photo.bitmap.close();
      this.photo = photo;
      this.reading = reading;
      this.stripModels = stripModels && stripModels.length ? stripModels : null;
      this.source = source;
      this.render({ announce: true });
      return reading;
    } catch (e) {
      if (token === this.runToken) this.showError(e);
      return null;
    } finally {
      if (token === this.runToken) this.els.app.removeAttribute('aria-busy');
    }
  }

  /** The model each strip was read with (ids chosen per strip, else the reading's model). */
  stripModelObjects() {
    const find = (id) => this.allModels.find((m) => m.id === id);
    return this.stripModels ? this.stripModels.map(find).filter(Boolean) : null;
  }

  render({ announce }) {
    const model = this.models.find((m) => m.id === this.reading.model) || this.model;
    const stripModels = this.stripModelObjects();
    const d = describeReading(this.reading, model, this.catalog, stripModels);
    this.description = d;
    this.setStatus(d.result, d.headline, d.reason || '');
    const late = this.timingNote(d.result);
    this.els.late.hidden = !late;
    this.els.late.textContent = late || '';

    const e = this.els;
    e.details.hidden = false;
    e.picker.hidden = false;
    this.drawPhoto();
    e.caption.textContent = [d.disclaimer, d.timing].filter(Boolean).join(' ');

    e.strips.replaceChildren();
    const several = d.strips.length > 1;
    for (const s of d.strips) {
      const block = el('div', 'strip');
      block.dataset.result = s.result;
      if (several) {
        const title = el('p', 'strip-title');
        const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        icon.setAttribute('class', 'strip-icon');
        icon.setAttribute('viewBox', '0 0 48 48');
        icon.setAttribute('aria-hidden', 'true');
        setIcon(icon, s.result);
        title.append(icon, el('span', null, `${s.label}: ${s.headline}`));
        block.append(title);
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
      if (several && this.models.length > 1) block.append(this.stripTypePicker(s.number - 1, model, stripModels));
      e.strips.append(block);
    }
    if (several && this.models.length > 1) e.strips.prepend(el('p', 'note strip-types-hint', this.t('result.strip_types_hint')));
    e.linesSection.hidden = false;
    e.explain.textContent = d.explain || '';
    const competitive = model && model.assay === 'competitive';
    e.key.hidden = !competitive;
    if (competitive) {
      for (const r of ['positive', 'negative', 'invalid']) {
        this.root.querySelector(`#key-${r}`).textContent = this.t(`key.competitive.${r}`);
      }
    }

    e.guidanceList.replaceChildren(...d.guidance.items.map((item) => el('li', null, item)));
    e.guidanceExtra.replaceChildren(...d.guidance.extra.map((item) => el('p', 'note', item)));
    e.details.dataset.result = d.guidanceResult;
    e.save.hidden = !this.photo;
    this.setState('result');
    this.revealVerdict();
    if (announce) {
      this.emit('result', {
        result: this.reading.result,
        reason: this.reading.reason,
        model: this.reading.model,
        headline: d.headline,
        locale: this.catalog.lang,
        source: this.source,
        timer: this.timer ? { phase: this.timer.phase, minutes: timerState(this.timer.startedAt, Date.now(), this.timer.window).minutes } : null,
        reading: publicReading(this.reading),
      });
    }
  }

  /** A select of strip types for strip `index`; choosing one reads the photo again, per strip. */
  stripTypePicker(index, model, stripModels) {
    const field = el('div', 'field strip-type');
    const select = el('select');
    select.id = `strip-type-${index + 1}`;
    select.dataset.strip = String(index);
    const label = el('label', null, this.t('result.strip_type', { n: index + 1 }));
    label.htmlFor = select.id;
    for (const m of this.models) {
      const option = el('option', null, this.modelName(m));
      option.value = m.id;
      select.append(option);
    }
    const current = stripModels && stripModels.length ? stripModels[Math.min(index, stripModels.length - 1)] : model;
    if (current) select.value = current.id;
    select.addEventListener('change', () => {
      const ids = [...this.els.strips.querySelectorAll('select[data-strip]')].map((s) => s.value);
      this.rereadStrips(ids);
    });
    field.append(label, select);
    return field;
  }

  /** Reads the shown photo again with one model per strip (ids in reading order). */
  async rereadStrips(ids) {
    if (this.lastBlob) return this.run(this.lastBlob, undefined, this.source, ids);
    if (!this.photo) return null;
    // A camera capture has no file: draw its kept bitmap again for fresh pixels.
    const token = ++this.runToken;
    this.beginRun();
    const { width, height, scale } = this.photo;
    try {
      const bitmap = await createImageBitmap(this.photo.bitmap);
      const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
      const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
      ctx.drawImage(bitmap, 0, 0, width, height);
      const rgba = ctx.getImageData(0, 0, width, height).data;
      return this.readPhoto({ bitmap, rgba, width, height, scale }, token, this.source, ids);
    } catch (err) {
      if (token === this.runToken) {
        this.showError(err);
        this.els.app.removeAttribute('aria-busy');
      }
      return null;
    }
  }

  /** A word about timing when the timer runs and the strip was read outside its window. */
  timingNote(result) {
    if (!this.timer || !['positive', 'negative', 'invalid', 'multiple'].includes(result)) return null;
    const s = timerState(this.timer.startedAt, Date.now(), this.timer.window);
    if (s.phase === 'late') return this.t('timer.read_late', { latest: this.timer.window.latest });
    if (s.phase === 'dip' || s.phase === 'wait') return this.t('timer.read_early', { time: clock(s.phase === 'dip' ? s.remaining + this.timer.window.earliest * 60_000 : s.remaining) });
    return null;
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

  /** Back to the start: the verdict and photo go away, the picker comes back into view. */
  readAnother() {
    ++this.runToken;
    if (this.photo) this.photo.bitmap.close();
    this.photo = null;
    this.reading = null;
    this.lastBlob = null;
    this.clearError();
    this.els.details.hidden = true;
    this.setStatus('idle', this.t('status.idle'));
    this.setState('ready');
    this.els.picker.scrollIntoView({ block: 'start' });
    (this.els.liveCamera.hidden ? this.els.picker.querySelector('#file') : this.els.liveCamera).focus();
  }

  /** Saves the marked photo (with its "not a lab result" mark) only when the person asks. */
  saveResult() {
    const canvas = this.els.canvas;
    if (!this.reading || !canvas.width) return;
    canvas.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `strip-reading-${this.reading.result}.png`;
      a.hidden = true;
      this.root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, 'image/png');
  }

  // ---- live camera ----

  async openCamera() {
    const e = this.els;
    if (this.camera) return;
    this.clearError();
    e.details.hidden = true;
    e.picker.hidden = true;
    e.cameraView.hidden = false;
    this.setStatus('idle', '');
    this.setState('camera');
    e.cameraView.scrollIntoView({ block: 'start' });
    e.cameraAuto.checked = true;
    this.showAdvice('starting');
    this.tick(false);
    const camera = new LiveCamera(e.video, {
      check: (bitmap, width, height) => this.bridge.analyzeFrame(bitmap, width, height, { model: this.model && this.model.id }),
      onAdvice: (advice) => this.showAdvice(advice),
      onSteady: () => this.captureFromCamera(),
    });
    this.camera = camera;
    e.cameraCapture.focus();
    try {
      await camera.start();
    } catch (err) {
      if (this.camera === camera) {
        this.closeCamera();
        this.showError(err);
      }
    }
  }

  showAdvice(advice, force = false) {
    if (advice === this.cameraAdvice && !force) return;
    this.cameraAdvice = advice;
    const a = this.els.cameraAdvice;
    a.dataset.advice = advice;
    a.textContent = this.t(`camera.advice.${advice}`);
  }

  async captureFromCamera() {
    const camera = this.camera;
    if (!camera || this.capturing) return;
    this.capturing = true;
    camera.running = false;
    let photo;
    try {
      photo = await camera.capture();
    } catch (err) {
      this.capturing = false;
      this.closeCamera();
      this.showError(err);
      return;
    }
    this.capturing = false;
    this.closeCamera();
    const token = ++this.runToken;
    this.beginRun();
    this.lastBlob = null;
    await this.readPhoto(photo, token, 'camera');
  }

  closeCamera({ focus = false } = {}) {
    const e = this.els;
    if (this.camera) this.camera.stop();
    this.camera = null;
    this.cameraAdvice = null;
    e.cameraView.hidden = true;
    e.picker.hidden = false;
    if (e.app.dataset.state === 'camera') {
      this.setState('ready');
      this.setStatus('idle', this.t('status.idle'));
    }
    if (focus) e.liveCamera.focus();
  }

  // ---- the test timer ----

  startTimer() {
    const window = readWindow(this.model);
    this.timer = { startedAt: Date.now(), phase: 'dip', window };
    // Sound needs a tap to start: this is the tap.
    if (!this.audio && typeof AudioContext !== 'undefined') {
      try {
        this.audio = new AudioContext();
      } catch {
        this.audio = null;
      }
    }
    this.els.timerStart.hidden = true;
    this.els.timerStop.hidden = false;
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(true), 250);
    this.announce(this.t('timer.announce.dip', { seconds: DIP_SECONDS }));
    this.tick(false);
    this.emit('timer', { phase: 'dip' });
    this.els.timerStop.focus();
  }

  stopTimer() {
    clearInterval(this.ticker);
    this.ticker = null;
    this.timer = null;
    this.els.timerStart.hidden = false;
    this.els.timerStop.hidden = true;
    this.announce('');
    this.tick(false);
    this.els.timerStart.focus();
  }

  announce(text) {
    this.els.timerAnnounce.textContent = text;
  }

  /** Updates the clock; on a phase change (when `alert`), says so, beeps and vibrates. */
  tick(alert) {
    const e = this.els;
    if (!this.timer) {
      e.timerBox.dataset.phase = 'idle';
      e.timerClock.textContent = '';
      e.timerClock.hidden = true;
      e.timerText.textContent = this.t('timer.idle');
      e.timerSummary.textContent = '';
      e.cameraTimer.hidden = true;
      return;
    }
    const { window } = this.timer;
    const s = timerState(this.timer.startedAt, Date.now(), window);
    let text;
    let summary;
    switch (s.phase) {
      case 'dip':
        text = this.t('timer.dip', { seconds: Math.ceil(s.remaining / 1000) });
        summary = this.t('timer.summary.dip');
        break;
      case 'wait':
        text = this.t('timer.wait', { time: clock(s.remaining), earliest: window.earliest });
        summary = this.t('timer.summary.wait', { time: clock(s.remaining) });
        break;
      case 'read':
        text = this.t('timer.read', { time: clock(s.remaining) });
        summary = this.t('timer.summary.read', { time: clock(s.remaining) });
        break;
      default:
        text = this.t('timer.late', { latest: window.latest });
        summary = this.t('timer.summary.late');
    }
    e.timerBox.dataset.phase = s.phase;
    e.timerClock.hidden = false;
    e.timerClock.textContent = s.phase === 'late' ? clock(s.sinceFlat) : clock(s.remaining);
    e.timerText.textContent = text;
    e.timerSummary.textContent = summary;
    e.cameraTimer.hidden = false;
    e.cameraTimer.textContent = summary;
    if (s.phase !== this.timer.phase) {
      this.timer.phase = s.phase;
      if (alert) {
        const key = { wait: 'timer.announce.wait', read: 'timer.announce.read', late: 'timer.announce.late' }[s.phase];
        if (key) this.announce(this.t(key, { earliest: window.earliest, latest: window.latest }));
        this.alertPerson(s.phase);
      }
      this.emit('timer', { phase: s.phase });
    }
    if (s.phase === 'late' && this.ticker) {
      // Nothing changes after this except the count; slow the clock down.
      clearInterval(this.ticker);
      this.ticker = setInterval(() => this.tick(true), 1000);
    }
  }

  alertPerson(phase) {
    if (!this.els.timerAlerts.checked) return;
    const pattern = phase === 'late' ? [400, 150, 400, 150, 400] : [250, 120, 250];
    try {
      if (navigator.vibrate) navigator.vibrate(pattern);
    } catch {
      // not allowed here: the words and the sound still say it
    }
    const ctx = this.audio;
    if (!ctx) return;
    try {
      if (ctx.state === 'suspended') ctx.resume();
      const beeps = phase === 'late' ? 3 : 2;
      for (let i = 0; i < beeps; i++) {
        const at = ctx.currentTime + i * 0.35;
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = phase === 'late' ? 520 : 880;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + 0.3);
      }
    } catch {
      // no sound on this device
    }
  }

  /** The host page offers an update of the app (service worker): one button reloads into it. */
  offerUpdate(onReload) {
    this.els.update.hidden = false;
    this.els.updateButton.onclick = () => onReload();
  }
}
