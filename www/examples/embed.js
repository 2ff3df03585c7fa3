// The example host page's own script: it listens to the readers' events and lists what it
// received. (An organization might count readings on its own page this way; this one sends
// nothing anywhere.)
const log = document.getElementById('event-log');

function add(text, data) {
  const li = document.createElement('li');
  li.textContent = text;
  for (const [k, v] of Object.entries(data)) li.dataset[k] = v;
  log.append(li);
}

for (const type of ['ready', 'result', 'error']) {
  document.addEventListener(`strip-reader:${type}`, (event) => {
    const reader = event.target.id;
    const d = event.detail || {};
    if (type === 'result') {
      add(`${reader}: ${d.result} (${d.model}, ${d.locale}) — "${d.headline}"`, { reader, type, result: d.result, locale: d.locale, keys: Object.keys(d).sort().join(' ') });
    } else if (type === 'ready') {
      add(`${reader}: ready (${d.locale}, strip-reader ${d.version})`, { reader, type, locale: d.locale });
    } else {
      add(`${reader}: error ${d.code}`, { reader, type, code: d.code });
    }
  });
}

// The JavaScript property: set after the fact, resources as objects with one text per language.
customElements.whenDefined('strip-reader').then(() => {
  const es = document.getElementById('reader-es');
  es.resources = [
    { kind: 'naloxone', name: { es: 'Naloxona gratis en nuestro centro', en: 'Free naloxone at our drop-in' }, address: 'Calle Ficticia 12, Riverside' },
    { kind: 'phone', name: { es: 'Línea de sobredosis de Riverside (24 horas)', en: 'Riverside overdose line (24 hours)' }, phone: '+1 555 0100' },
  ];
});
