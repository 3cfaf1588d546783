// The models page: each published model (from /v1/models), every version of it (from
// /v1/models/<name>/versions) with its metrics, and the training curves of each version that
// has them, drawn as inline SVG (no chart library). Training jobs are shown live by jobs.js.
import { curveCharts } from '/charts.js';

const models = document.getElementById('models');
const status = document.getElementById('status');

function formatMetric(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

async function showCurves(cell, name, version) {
  const response = await fetch(`/v1/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/curves`);
  if (!response.ok) {
    cell.textContent = `curves unavailable (${response.status})`;
    return;
  }
  const { epochs } = await response.json();
  cell.append(...curveCharts(epochs));
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
