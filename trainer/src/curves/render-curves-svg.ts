import type { EpochLog } from '../train/epoch-log.ts';

interface Series {
  label: string;
  color: string;
  values: number[];
}

interface Panel {
  title: string;
  series: Series[];
  /** Axis labels as percentages. */
  percent?: boolean;
}

const PANEL_WIDTH = 320;
const PANEL_HEIGHT = 240;
const MARGIN = { left: 56, right: 12, top: 28, bottom: 40 };
const TRAIN_COLOR = '#1f77b4';
const VALIDATION_COLOR = '#d62728';

/**
 * Training curves as a standalone SVG: loss and accuracy (train and validation) and the learning
 * rate, per epoch, side by side. Plain SVG text, no library, so any browser or viewer shows it.
 */
export function renderCurvesSvg(history: EpochLog[], title = 'Training curves'): string {
  const pick = (key: keyof EpochLog) => history.map((log) => Number(log[key]));
  const panels: Panel[] = [
    {
      title: 'Loss',
      series: [
        { label: 'train', color: TRAIN_COLOR, values: pick('loss') },
        { label: 'validation', color: VALIDATION_COLOR, values: pick('validationLoss') },
      ],
    },
    {
      title: 'Accuracy',
      percent: true,
      series: [
        { label: 'train', color: TRAIN_COLOR, values: pick('accuracy') },
        { label: 'validation', color: VALIDATION_COLOR, values: pick('validationAccuracy') },
      ],
    },
    { title: 'Learning rate', series: [{ label: 'lr', color: '#2ca02c', values: pick('learningRate') }] },
  ];
  const epochs = history.map((log) => log.epoch);
  const width = PANEL_WIDTH * panels.length;
  const height = PANEL_HEIGHT + 24;
  const body = panels.map((panel, i) => renderPanel(panel, epochs, i * PANEL_WIDTH, 24)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

function renderPanel(panel: Panel, epochs: number[], x0: number, y0: number): string {
  const plot = { left: x0 + MARGIN.left, right: x0 + PANEL_WIDTH - MARGIN.right, top: y0 + MARGIN.top, bottom: y0 + PANEL_HEIGHT - MARGIN.bottom };
  const finite = panel.series.flatMap((s) => s.values).filter(Number.isFinite);
  let low = finite.length ? Math.min(...finite) : 0;
  let high = finite.length ? Math.max(...finite) : 1;
  if (high - low < 1e-12) {
    const pad = Math.abs(high) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const firstEpoch = epochs[0] ?? 1;
  const lastEpoch = epochs.at(-1) ?? 1;
  const xOf = (epoch: number) => (lastEpoch === firstEpoch ? (plot.left + plot.right) / 2 : plot.left + ((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * (plot.right - plot.left));
  const yOf = (value: number) => plot.bottom - ((value - low) / (high - low)) * (plot.bottom - plot.top);
  const label = (value: number) => (panel.percent ? `${(100 * value).toFixed(1)}%` : formatNumber(value));
  const parts: string[] = [
    `<text x="${(plot.left + plot.right) / 2}" y="${y0 + 16}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const value = low + ((high - low) * t) / 4;
    const y = round(yOf(value));
    parts.push(`<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${plot.left - 4}" y="${y + 4}" text-anchor="end">${escapeXml(label(value))}</text>`);
  }
  const step = Math.max(1, Math.ceil(epochs.length / 8));
  epochs.forEach((epoch, i) => {
    if (i % step === 0 || i === epochs.length - 1) parts.push(`<text x="${round(xOf(epoch))}" y="${plot.bottom + 14}" text-anchor="middle">${epoch}</text>`);
  });
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 30}" text-anchor="middle">epoch</text>`);
  panel.series.forEach((series, s) => {
    const points = series.values.flatMap((value, i) => (Number.isFinite(value) ? [`${round(xOf(epochs[i]!))},${round(yOf(value))}`] : []));
    parts.push(`<polyline data-series="${escapeXml(series.label)}" fill="none" stroke="${series.color}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const point of points) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${series.color}"/>`);
    }
    const legendY = plot.top + 12 + 14 * s;
    parts.push(`<line x1="${plot.right - 84}" y1="${legendY - 4}" x2="${plot.right - 68}" y2="${legendY - 4}" stroke="${series.color}" stroke-width="2"/>`);
    parts.push(`<text x="${plot.right - 64}" y="${legendY}">${escapeXml(series.label)}</text>`);
  });
  return `<g>\n${parts.join('\n')}\n</g>`;
}

function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-2 && magnitude < 1e4 ? Number(value.toPrecision(3)).toString() : value.toExponential(1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
