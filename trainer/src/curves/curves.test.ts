import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../train/epoch-log.ts';
import { formatSummaryTable } from './format-summary-table.ts';
import { renderCurvesSvg } from './render-curves-svg.ts';

const history: EpochLog[] = [
  { epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10.04 },
  { epoch: 2, loss: 0.4, accuracy: 0.88, validationLoss: 0.3, validationAccuracy: 0.91, learningRate: 0.002, seconds: 9.5 },
  { epoch: 3, loss: 0.3, accuracy: 0.92, validationLoss: 0.35, validationAccuracy: NaN, learningRate: 0.0002, seconds: 9.61 },
];

function polylines(svg: string): Record<string, string[][]> {
  const found: Record<string, string[][]> = {};
  for (const match of svg.matchAll(/<polyline data-series="([^"]+)"[^>]* points="([^"]*)"/g)) {
    (found[match[1]!] ??= []).push(match[2]!.split(' ').filter(Boolean));
  }
  return found;
}

describe('renderCurvesSvg', () => {
  it('draws train and validation loss and accuracy and the learning rate, one point per epoch', () => {
    const svg = renderCurvesSvg(history, 'mnist <small>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const lines = polylines(svg);
    expect(lines.train!.map((points) => points.length)).toEqual([3, 3]);
    // NaN (epoch 3's validation accuracy) is left out, not drawn as a point.
    expect(lines.validation!.map((points) => points.length)).toEqual([3, 2]);
    expect(lines.lr![0]).toHaveLength(3);
    expect(svg).toContain('mnist &lt;small&gt;');
    expect(svg).not.toContain('NaN');
    for (const title of ['Loss', 'Accuracy', 'Learning rate']) expect(svg).toContain(`>${title}</text>`);
  });

  it('puts lower losses lower on the chart', () => {
    const loss = polylines(renderCurvesSvg(history)).train![0]!.map((point) => Number(point.split(',')[1]));
    expect(loss[0]).toBeLessThan(loss[1]!);
    expect(loss[1]).toBeLessThan(loss[2]!);
  });

  it('handles a single epoch and an empty history', () => {
    expect(polylines(renderCurvesSvg(history.slice(0, 1))).train![0]).toHaveLength(1);
    expect(renderCurvesSvg([])).not.toContain('NaN');
  });
});

describe('formatSummaryTable', () => {
  it('prints one aligned row per epoch and marks the lowest validation loss', () => {
    const lines = formatSummaryTable(history).split('\n');
    expect(lines[0]).toMatch(/^epoch\s+loss\s+acc\s+val loss\s+val acc\s+lr\s+seconds$/);
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[3]).toMatch(/^\s*2\*\s+0\.4000\s+88\.00%\s+0\.3000\s+91\.00%\s+0\.002\s+9\.5$/);
    expect(lines[4]).toContain('2.00e-4');
    expect(new Set(lines.slice(0, 5).map((line) => line.length)).size).toBe(1);
  });

  it('marks the epoch whose weights early stopping restored', () => {
    const lines = formatSummaryTable(history, { restoredEpoch: 1 }).split('\n');
    expect(lines[2]).toMatch(/^\s*1\^\s/);
    expect(lines.at(-1)).toMatch(/^\^ the saved weights are this epoch's/);
  });

  it('adds the gradient norm column when clipping was on', () => {
    const table = formatSummaryTable(history.map((log) => ({ ...log, gradientNorm: 2.5, clippedBatches: 3 })));
    expect(table.split('\n')[0]).toContain('grad norm');
    expect(table).toContain('2.500');
  });
});
