// The demo page. For an image model: draw on the canvas (white on black, like MNIST) or upload a
// photo (scaled down to 1024 px a side first); each stroke's end posts the canvas as a PNG to
// /v1/models/<model>/predict. For a text model: type a text; it is posted as JSON { text } when
// typing pauses. Either way the probabilities show as bars; for text also the words the model
// could not read (not in its vocabulary) or did not see (cut off after its maximum length).
const pad = document.getElementById('pad');
const context = pad.getContext('2d');
const modelSelect = document.getElementById('model');
const statusText = document.getElementById('status');
const textBox = document.getElementById('text');
const IMAGE_HINT = 'Draw a digit with the mouse or a finger.';
const TEXT_HINT = 'Type a text to classify it.';
// Wait this long after the last key before asking, so typing does not send a request per key.
const TYPING_PAUSE_MS = 400;
/** name → { task, labels } of every published model. */
const models = new Map();
let drawing = false;
let inked = false;
let typingTimer;

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
  clearPrediction(IMAGE_HINT);
});
textBox.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(predictText, TYPING_PAUSE_MS);
});
document.getElementById('send').addEventListener('click', () => {
  clearTimeout(typingTimer);
  predictText();
});

function clearPrediction(hint) {
  document.getElementById('bars').replaceChildren();
  document.getElementById('best').hidden = true;
  document.getElementById('tokens').hidden = true;
  statusText.textContent = hint;
}
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
  showAnswer(
    await ask({ method: 'POST', body: blob, headers: { 'content-type': blob.type || 'image/png' } }, '?topK=1'),
    (body) => {
      const prediction = body.predictions[0];
      const labels = models.get(modelSelect.value)?.labels ?? prediction.probabilities.map((_, i) => String(i));
      return { prediction, labels, probabilities: prediction.probabilities };
    },
  );
}

async function predictText() {
  const text = textBox.value;
  if (text.trim() === '') return clearPrediction(TEXT_HINT);
  showAnswer(await ask({ method: 'POST', body: JSON.stringify({ text }), headers: { 'content-type': 'application/json' } }), (body) => {
    const prediction = body.predictions[0];
    const labels = Object.keys(prediction.probabilities);
    showTokens(prediction);
    return { prediction, labels, probabilities: labels.map((label) => prediction.probabilities[label]) };
  });
}

/** Posts to the chosen model's predict route; the answer's status and body. */
async function ask(init, query = '') {
  statusText.textContent = 'Predicting…';
  const response = await fetch(`/v1/models/${encodeURIComponent(modelSelect.value)}/predict${query}`, init);
  return { response, body: await response.json() };
}

function showAnswer({ response, body }, read) {
  if (!response.ok) {
    statusText.textContent = `Error ${response.status}: ${body.error?.message ?? 'unknown'}`;
    return;
  }
  const { prediction, labels, probabilities } = read(body);
  const bars = probabilities.map((probability, index) => {
    const item = document.createElement('li');
    item.className = labels[index] === prediction.label ? 'best' : '';
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

/** How many tokens the model read, and which words it could not read or did not see. */
function showTokens(prediction) {
  const words = (id, list) => {
    document.getElementById(id).replaceChildren(...list.map((word) => Object.assign(document.createElement('span'), { textContent: word })));
    document.getElementById(id).parentElement.hidden = list.length === 0;
  };
  document.getElementById('token-count').textContent =
    `${prediction.tokens} tokens read, ${prediction.unknownTokens} of them unknown` + (prediction.truncated ? '; the text was cut off' : '');
  words('unknown-words', prediction.unknownWords);
  words('truncated-words', prediction.truncatedWords);
  document.getElementById('tokens').hidden = false;
}

async function loadModels() {
  const { models: list } = await (await fetch('/v1/models')).json();
  for (const model of list) models.set(model.name, model);
  modelSelect.replaceChildren(...list.map((model) => new Option(`${model.name} (${model.version}, ${model.task === 'text-classification' ? 'text' : 'image'})`, model.name)));
  const pick = () => {
    const text = models.get(modelSelect.value)?.task === 'text-classification';
    document.getElementById('image-input').hidden = text;
    document.getElementById('text-input').hidden = !text;
    clearPrediction(text ? TEXT_HINT : IMAGE_HINT);
    if (text && textBox.value.trim() !== '') predictText();
  };
  modelSelect.addEventListener('change', pick);
  pick();
}

clearPad();
loadModels().catch((error) => (statusText.textContent = `Cannot list models: ${error.message}`));
