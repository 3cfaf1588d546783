// The demo page: draw on the canvas (white on black, like MNIST) or upload a photo; each stroke's
// end posts the canvas as a PNG to /v1/models/<model>/predict and shows the probabilities as bars.
const pad = document.getElementById('pad');
const context = pad.getContext('2d');
const modelSelect = document.getElementById('model');
const statusText = document.getElementById('status');
let drawing = false;
let inked = false;

function clearPad() {
  context.fillStyle = '#000';
  context.fillRect(0, 0, pad.width, pad.height);
  inked = false;
}

function point(event) {
  const box = pad.getBoundingClientRect();
  return [((event.clientX - box.left) * pad.width) / box.width, ((event.clientY - box.top) * pad.height) / box.height];
}

pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  context.strokeStyle = '#fff';
  context.lineWidth = 22;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  context.moveTo(...point(event));
});
pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  context.lineTo(...point(event));
  context.stroke();
  inked = true;
});
pad.addEventListener('pointerup', () => {
  drawing = false;
  if (inked) pad.toBlob((blob) => blob && predict(blob), 'image/png');
});
document.getElementById('clear').addEventListener('click', () => {
  clearPad();
  document.getElementById('bars').replaceChildren();
  document.getElementById('best').hidden = true;
  statusText.textContent = 'Draw a digit with the mouse or a finger.';
});
document.getElementById('photo').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  if (file) predict(file);
});

async function predict(blob) {
  statusText.textContent = 'Predicting…';
  const response = await fetch(`/v1/models/${encodeURIComponent(modelSelect.value)}/predict?topK=1`, {
    method: 'POST',
    body: blob,
    headers: { 'content-type': blob.type || 'image/png' },
  });
  const body = await response.json();
  if (!response.ok) {
    statusText.textContent = `Error ${response.status}: ${body.error?.message ?? 'unknown'}`;
    return;
  }
  showPrediction(body);
}

function showPrediction(body) {
  const prediction = body.predictions[0];
  const labels = window.modelLabels ?? prediction.probabilities.map((_, i) => String(i));
  const bars = prediction.probabilities.map((probability, index) => {
    const item = document.createElement('li');
    item.className = index === prediction.index ? 'best' : '';
    item.dataset.label = labels[index];
    item.innerHTML = '<span class="name"></span><div class="bar"><span></span></div><span class="value"></span>';
    item.querySelector('.name').textContent = labels[index];
    item.querySelector('.bar span').style.width = `${(probability * 100).toFixed(1)}%`;
    item.querySelector('.value').textContent = `${(probability * 100).toFixed(1)}%`;
    return item;
  });
  document.getElementById('bars').replaceChildren(...bars);
  document.getElementById('label').textContent = prediction.label;
  document.getElementById('confidence').textContent = `${(prediction.confidence * 100).toFixed(1)}%`;
  document.getElementById('best').hidden = false;
  statusText.textContent = `${body.model}@${body.version} in ${body.timing.totalMs} ms`;
}

async function loadModels() {
  const { models } = await (await fetch('/v1/models')).json();
  const images = models.filter((model) => model.task === 'image-classification');
  modelSelect.replaceChildren(...images.map((model) => new Option(`${model.name} (${model.version})`, model.name)));
  const byName = new Map(images.map((model) => [model.name, model.labels]));
  const pick = () => (window.modelLabels = byName.get(modelSelect.value));
  modelSelect.addEventListener('change', pick);
  pick();
}

clearPad();
loadModels().catch((error) => (statusText.textContent = `Cannot list models: ${error.message}`));
