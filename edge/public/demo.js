// The demo page: draw on the canvas (white on black, like MNIST) or upload a photo (scaled down to
// 1024 px a side first); each stroke's end posts the canvas as a PNG to /v1/models/<model>/predict
// and shows the probabilities as bars.
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
document.getElementById('photo').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (file) predict(await shrinkPhoto(file));
});

// Longest side a photo is uploaded at. A digit needs far fewer pixels, and the worker refuses
// images over its per-image and per-request pixel limits (MAX_IMAGE_PIXELS, MAX_REQUEST_PIXELS).
const MAX_UPLOAD_SIDE = 1024;

/** The photo scaled down in the browser when a side is over MAX_UPLOAD_SIDE, as PNG (kept for PNGs) or JPEG. */
async function shrinkPhoto(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    // Not an image this browser can read: send it as it is and let the worker say why.
    return file;
  }
  const scale = MAX_UPLOAD_SIDE / Math.max(bitmap.width, bitmap.height);
  if (scale >= 1) {
    bitmap.close();
    return file;
  }
  statusText.textContent = `Scaling the ${bitmap.width}×${bitmap.height} photo down…`;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const scaled = canvas.getContext('2d');
  scaled.imageSmoothingQuality = 'high';
  scaled.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? file), type, 0.9));
}

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
