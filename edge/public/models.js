// The models page: each published model at its production version, with its metrics.
const rows = document.querySelector('#models tbody');
const { models } = await (await fetch('/v1/models')).json();
for (const model of models) {
  const row = rows.insertRow();
  row.dataset.model = model.name;
  row.insertCell().textContent = model.name;
  row.insertCell().textContent = model.version;
  row.insertCell().textContent = new Date(model.createdAt).toLocaleString();
  row.insertCell().textContent = Object.entries(model.metrics)
    .map(([key, value]) => `${key}: ${Number.isInteger(value) ? value : value.toFixed(4)}`)
    .join(', ');
}
