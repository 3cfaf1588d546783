// Training curves as inline SVG (no chart library), for published versions (models.js) and
// running jobs (jobs.js) alike.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 180;
const MARGIN = { left: 44, right: 10, top: 22, bottom: 28 };
const TRAIN = '#2563eb';
const VALIDATION = '#dc2626';

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
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

/** A loss and an accuracy chart, train and validation lines, from per-epoch points ({ epoch, loss, accuracy, validationLoss?, validationAccuracy? }). */
export function curveCharts(points) {
  const at = (key) => points.map((point) => point[key] ?? null);
  const epochs = at('epoch');
  return [
    chart('Loss', epochs, [{ label: 'train', color: TRAIN, values: at('loss') }, { label: 'validation', color: VALIDATION, values: at('validationLoss') }], false),
    chart('Accuracy', epochs, [{ label: 'train', color: TRAIN, values: at('accuracy') }, { label: 'validation', color: VALIDATION, values: at('validationAccuracy') }], true),
  ];
}
