// The reader's markup, built once per <strip-reader> shadow root. Text comes from the message
// catalog (data-i18n / data-i18n-attr, filled by applyCatalog); ids are unique inside one shadow
// root, so several readers can share a page. `level` is the heading level of the title (1 when
// the reader is the whole page, 2 when it sits inside someone else's page).
import { iconSvg } from './icons.js';

export function readerMarkup({ level = 2 } = {}) {
  const h = (n) => Math.min(6, Math.max(1, level + n));
  return `
<div id="app" class="app" data-state="loading">
  <header class="masthead">
    <div class="masthead-row">
      <h${h(0)} class="title" data-i18n="app.title"></h${h(0)}>
      <div class="locale-field">
        <label for="locale-select" class="locale-label" data-i18n="app.language"></label>
        <select id="locale-select" class="locale-select"></select>
      </div>
    </div>
    <p class="tagline" data-i18n="app.tagline"></p>
    <p id="org-line" class="org-line" hidden></p>
  </header>

  <div id="update" class="card update" role="status" hidden>
    <p class="update-text" data-i18n="update.ready"></p>
    <button type="button" id="update-button" class="button small" data-i18n="update.reload"></button>
  </div>

  <div class="side">
  <details id="steps" class="card steps">
    <summary class="steps-summary">
      ${iconSvg('timer', 'summary-icon')}
      <span class="steps-title" data-i18n="steps.heading"></span>
      <span id="timer-summary" class="timer-summary"></span>
    </summary>
    <ol class="step-list">
      <li data-i18n="steps.residue"></li>
      <li id="step-water"></li>
      <li data-i18n="steps.dip"></li>
      <li data-i18n="steps.flat"></li>
      <li id="step-read"></li>
    </ol>
    <div id="timer" class="timer" data-phase="idle">
      <p id="timer-clock" class="timer-clock" role="timer" aria-labelledby="timer-text"></p>
      <p id="timer-text" class="timer-text"></p>
      <p id="timer-announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
      <div class="timer-buttons">
        <button type="button" id="timer-start" class="button" data-i18n="timer.start"></button>
        <button type="button" id="timer-stop" class="button small" data-i18n="timer.stop" hidden></button>
      </div>
      <label class="check"><input type="checkbox" id="timer-alerts" checked> <span data-i18n="timer.alerts"></span></label>
    </div>
  </details>

  <section id="picker" class="card picker" aria-labelledby="picker-heading">
    <h${h(1)} id="picker-heading" data-i18n="form.heading"></h${h(1)}>
    <div class="field">
      <label for="model" data-i18n="form.model"></label>
      <select id="model" name="model" disabled></select>
      <p id="model-note" class="note"></p>
    </div>
    <div class="pick">
      <button type="button" id="live-camera" class="button primary" disabled hidden>
        ${iconSvg('live', 'button-icon')}
        <span data-i18n="form.live_camera"></span>
      </button>
      <input id="camera" class="file-input" type="file" accept="image/*" capture="environment" disabled>
      <label for="camera" id="camera-label" class="button">
        ${iconSvg('camera', 'button-icon')}
        <span data-i18n="form.take_photo"></span>
      </label>
      <input id="file" class="file-input" type="file" accept="image/*" disabled>
      <label for="file" class="button">
        ${iconSvg('image', 'button-icon')}
        <span data-i18n="form.choose_photo"></span>
      </label>
    </div>
    <p class="note" data-i18n="form.photo_hint"></p>
    <p class="note drop-hint" data-i18n="form.drop_hint"></p>
    <div id="examples" class="examples" role="group" aria-labelledby="examples-label">
      <p id="examples-label" class="note" data-i18n="form.examples"></p>
      <button type="button" class="button small" data-example="positive" data-i18n="form.example.positive" disabled></button>
      <button type="button" class="button small" data-example="negative" data-i18n="form.example.negative" disabled></button>
      <button type="button" class="button small" data-example="invalid" data-i18n="form.example.invalid" disabled></button>
    </div>
  </section>

  <section id="camera-view" class="card camera" aria-labelledby="camera-heading" hidden>
    <h${h(1)} id="camera-heading" data-i18n="camera.heading"></h${h(1)}>
    <div class="camera-frame">
      <video id="video" class="video" playsinline muted disablepictureinpicture></video>
      <div class="guide" aria-hidden="true">
        <div class="guide-box"></div>
      </div>
      <p class="guide-label" data-i18n="camera.guide"></p>
    </div>
    <p id="camera-advice" class="camera-advice" data-advice="starting" aria-live="polite" aria-atomic="true"></p>
    <p id="camera-timer" class="note camera-timer" hidden></p>
    <div class="camera-buttons">
      <button type="button" id="camera-capture" class="button primary">
        ${iconSvg('camera', 'button-icon')}
        <span data-i18n="camera.capture"></span>
      </button>
      <button type="button" id="camera-stop" class="button">
        ${iconSvg('close', 'button-icon')}
        <span data-i18n="camera.stop"></span>
      </button>
    </div>
    <label class="check"><input type="checkbox" id="camera-auto" checked> <span data-i18n="camera.auto"></span></label>
  </section>
  </div>

  <div class="results">
    <div id="error" class="card error" role="alert" hidden>
      <h${h(1)} class="error-heading" data-i18n="error.heading"></h${h(1)}>
      <p id="error-message" class="error-message"></p>
      <details id="error-detail" class="note error-detail">
        <summary data-i18n="error.technical"></summary>
        <p id="error-detail-text"></p>
      </details>
    </div>

    <section id="verdict" class="card verdict is-empty" data-result="idle" role="status" aria-live="polite" aria-atomic="true">
      ${iconSvg('idle', 'verdict-icon', 'verdict-icon')}
      <div class="verdict-text">
        <p id="verdict-headline" class="verdict-headline"></p>
        <p id="verdict-reason" class="verdict-reason"></p>
        <p id="verdict-late" class="verdict-late" hidden></p>
      </div>
    </section>

    <section id="details" class="details" hidden>
      <figure class="card photo">
        <canvas id="photo" role="img" data-i18n-attr="aria-label:lines.photo_alt"></canvas>
        <figcaption id="photo-caption" class="note"></figcaption>
      </figure>

      <section id="lines-section" class="card lines" aria-labelledby="lines-heading">
        <h${h(1)} id="lines-heading" data-i18n="lines.heading"></h${h(1)}>
        <div id="strips"></div>
        <p id="explain" class="explain"></p>
        <ul id="key" class="key" hidden>
          <li class="key-item" data-key="positive">
            <span class="mini" aria-hidden="true"><span class="mini-slot mini-t"></span><span class="mini-slot mini-c is-on"></span></span>
            <span class="key-text" id="key-positive"></span>
          </li>
          <li class="key-item" data-key="negative">
            <span class="mini" aria-hidden="true"><span class="mini-slot mini-t is-on is-faint"></span><span class="mini-slot mini-c is-on"></span></span>
            <span class="key-text" id="key-negative"></span>
          </li>
          <li class="key-item" data-key="invalid">
            <span class="mini" aria-hidden="true"><span class="mini-slot mini-t is-on"></span><span class="mini-slot mini-c"></span></span>
            <span class="key-text" id="key-invalid"></span>
          </li>
        </ul>
      </section>

      <section class="card guidance" aria-labelledby="guidance-heading">
        <h${h(1)} id="guidance-heading" data-i18n="guidance.heading"></h${h(1)}>
        <ul id="guidance-list" class="guidance-list"></ul>
        <div id="guidance-extra" class="guidance-extra"></div>
      </section>

      <section id="resources" class="card resources" aria-labelledby="resources-heading">
        <h${h(1)} id="resources-heading" class="resources-heading"></h${h(1)}>
        <ul id="resource-list" class="resource-list"></ul>
      </section>

      <div class="result-actions">
        <button type="button" id="again" class="button primary" data-i18n="result.again"></button>
        <button type="button" id="save" class="button">
          ${iconSvg('save', 'button-icon')}
          <span data-i18n="result.save"></span>
        </button>
      </div>
      <p class="note save-note" data-i18n="result.save_note"></p>
    </section>
  </div>

  <footer class="footer">
    <p class="disclaimer" data-i18n="app.disclaimer"></p>
    <p class="note privacy" data-i18n="app.privacy"></p>
    <details class="note privacy-more">
      <summary data-i18n="privacy.heading"></summary>
      <ul class="privacy-list">
        <li data-i18n="privacy.device"></li>
        <li data-i18n="privacy.nothing_sent"></li>
        <li data-i18n="privacy.not_stored"></li>
        <li data-i18n="privacy.offline"></li>
      </ul>
    </details>
    <p id="version" class="note version"></p>
  </footer>
</div>`;
}
