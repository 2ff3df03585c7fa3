// Shows the messages the framed reader posts to this page (only because its URL has notify=).
// The frame's URL names this page's origin; fill it in here because the example can be served
// from anywhere.
const frame = document.getElementById('reader-frame');
const src = new URL(frame.getAttribute('src'), location.href);
src.searchParams.set('notify', location.origin);
frame.src = src.href;
window.addEventListener('message', (event) => {
  if (event.origin !== location.origin || !event.data || typeof event.data.type !== 'string') return;
  const li = document.createElement('li');
  li.textContent = `${event.data.type}: ${event.data.detail && (event.data.detail.result || event.data.detail.locale || '')}`;
  li.dataset.type = event.data.type;
  if (event.data.detail && event.data.detail.result) li.dataset.result = event.data.detail.result;
  document.getElementById('frame-log').append(li);
});
