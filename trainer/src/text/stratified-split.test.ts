import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './stratified-split.ts';
import { subjectAndBody } from './load-spam-assassin.ts';

describe('stratifiedSplit', () => {
  it('keeps each label’s share in every split and uses every example once', () => {
    const examples = [
      ...Array.from({ length: 80 }, (_, i) => ({ text: `a${i}`, label: 'a' })),
      ...Array.from({ length: 20 }, (_, i) => ({ text: `b${i}`, label: 'b' })),
    ];
    const dataset = stratifiedSplit('t', examples, { validationFraction: 0.1, testFraction: 0.2, seed: 7 });
    expect(dataset.labels).toEqual(['a', 'b']);
    const count = (ids: number[], label: number): number => ids.filter((id) => id === label).length;
    expect([count(dataset.test.labelIds, 0), count(dataset.test.labelIds, 1)]).toEqual([16, 4]);
    expect([count(dataset.validation.labelIds, 0), count(dataset.validation.labelIds, 1)]).toEqual([8, 2]);
    const all = [...dataset.train.texts, ...dataset.validation.texts, ...dataset.test.texts].sort();
    expect(all).toEqual(examples.map((e) => e.text).sort());
    expect(stratifiedSplit('t', examples, { seed: 7 }).test.texts).toEqual(stratifiedSplit('t', examples, { seed: 7 }).test.texts);
  });
});

describe('subjectAndBody', () => {
  it('keeps the unfolded subject and the body, not the other headers', () => {
    const message = 'From: x@y\r\nSubject: Win\r\n  big\r\nTo: z\r\n\r\nClick here\r\nnow';
    expect(subjectAndBody(message)).toBe('Win big\nClick here\nnow');
  });
});
