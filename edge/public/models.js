// The models page: each published model (from /v1/models), every version of it (from
// /v1/models/<name>/versions) with its metrics, and the training curves of each version that
// has them, drawn as inline SVG (no chart library).
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 180;
const MARGIN = { left: 44, right: 10, top: 22, bottom: 28 };
const TRAIN = '#2563eb';
const VALIDATION = '#dc2626';

const models = document.getElementById('models');
const status = document.getElementById('status');

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function formatMetric(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** One panel: a line per series against the epoch, axes with min and max labels. */
function chart(title, epochs, series, percent) {
  const values = series.flatMap((s) => s.values).filter(Number.isFinite);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) (low -= 0.5), (high += 0.5);
  const first = epochs[0];
  const last = epochs.at(-1);
  const x = (epoch) => MARGIN.left + (last === first ? 0.5 : (epoch - first) / (last - first)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (value) => MARGIN.top + (1 - (value - low) / (high - low)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const label = (value) => (percent ? `${(value * 100).toFixed(1)}%` : value.toPrecision(3));

  const root = svg('svg', { width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'curve', role: 'img', 'aria-label': title });
  root.append(svg('text', { x: WIDTH / 2, y: 14, 'text-anchor': 'middle', class: 'title' }, title));
  const bottom = HEIGHT - MARGIN.bottom;
  root.append(svg('path', { d: `M${MARGIN.left},${MARGIN.top}V${bottom}H${WIDTH - MARGIN.right}`, class: 'axis' }));
  root.append(svg('text', { x: MARGIN.left - 4, y: MARGIN.top + 4, 'text-anchor': 'end' }, label(high)));
  root.append(svg('text', { x: MARGIN.left - 4, y: bottom, 'text-anchor': 'end' }, label(low)));
  root.append(svg('text', { x: MARGIN.left, y: bottom + 14, 'text-anchor': 'middle' }, String(first)));
  root.append(svg('text', { x: WIDTH - MARGIN.right, y: bottom + 14, 'text-anchor': 'end' }, `epoch ${last}`));
  series.forEach((s, i) => {
    // A value the run did not measure is null: no point, and the line joins its neighbours.
    const points = epochs.filter((_, j) => Number.isFinite(s.values[j])).map((epoch) => [x(epoch), y(s.values[epochs.indexOf(epoch)])]);
    if (points.length === 0) return;
    const d = points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
    root.append(svg('path', { d, class: 'line', stroke: s.color, 'data-series': s.label }));
    for (const [px, py] of points) root.append(svg('circle', { cx: px.toFixed(1), cy: py.toFixed(1), r: 2.5, fill: s.color }));
    // The legend sits in the bottom margin, between the epoch labels, clear of the lines.
    root.append(svg('text', { x: MARGIN.left + 60 + i * 80, y: HEIGHT - 14, fill: s.color }, s.label));
  });
  return root;
}

async function showCurves(cell, name, version) {
  const response = await fetch(`/v1/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/curves`);
  if (!response.ok) {
    cell.textContent = `curves unavailable (${response.status})`;
    return;
  }
  const { epochs } = await response.json();
  const at = (key) => epochs.map((point) => point[key]);
  const numbers = at('epoch');
  cell.append(
    chart('Loss', numbers, [{ label: 'train', color: TRAIN, values: at('loss') }, { label: 'validation', color: VALIDATION, values: at('validationLoss') }], false),
    chart('Accuracy', numbers, [{ label: 'train', color: TRAIN, values: at('accuracy') }, { label: 'validation', color: VALIDATION, values: at('validationAccuracy') }], true),
  );
}

async function showModel(model) {
  const section = document.createElement('section');
  section.className = 'model';
  section.dataset.model = model.name;
  const heading = document.createElement('h3');
  heading.textContent = `${model.name} (${model.task}, ${model.labels.length} classes)`;
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>Version</th><th>Channels</th><th>Created</th><th>Metrics</th></tr></thead><tbody></tbody>';
  section.append(heading, table);
  models.append(section);

  const response = await fetch(`/v1/models/${encodeURIComponent(model.name)}/versions`);
  if (!response.ok) throw new Error(`listing the versions of ${model.name} answered ${response.status}`);
  const { versions } = await response.json();
  const body = table.tBodies[0];
  const loads = [];
  for (const version of versions) {
    const row = body.insertRow();
    row.dataset.version = version.version;
    row.insertCell().textContent = version.version;
    row.insertCell().textContent = version.channels.join(', ') || '—';
    row.insertCell().textContent = new Date(version.createdAt).toLocaleString();
    row.insertCell().textContent = Object.entries(version.metrics).map(([key, value]) => `${key}: ${formatMetric(value)}`).join(', ');
    if (!version.curves) continue;
    const curvesRow = body.insertRow();
    curvesRow.className = 'curves';
    curvesRow.dataset.version = version.version;
    const cell = curvesRow.insertCell();
    cell.colSpan = 4;
    loads.push(showCurves(cell, model.name, version.version));
  }
  await Promise.all(loads);
}

try {
  const response = await fetch('/v1/models');
  if (!response.ok) throw new Error(`listing the models answered ${response.status}`);
  const { models: list } = await response.json();
  await Promise.all(list.map(showModel));
  status.textContent = list.length === 0 ? 'No models are published yet.' : '';
} catch (error) {
  status.textContent = `Could not load the models: ${error.message}`;
}
document.body.dataset.ready = 'true';
