import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_OPTIMIZE_CONFIG, QUICK_OPTIMIZE_CONFIG } from '../shrink/optimize-config.ts';
import { optimizeCommand, optimizeConfigFromFlags } from './optimize-command.ts';

describe('trainer optimize flags', () => {
  it('starts from the full defaults, or the quick sizes with --quick', async () => {
    expect(await optimizeConfigFromFlags({})).toEqual(DEFAULT_OPTIMIZE_CONFIG);
    expect(await optimizeConfigFromFlags({ quick: true })).toEqual(QUICK_OPTIMIZE_CONFIG);
  });

  it('applies each flag to its step', async () => {
    const config = await optimizeConfigFromFlags({
      'teacher-run': 'runs/teacher',
      'train-limit': 1000,
      'student-epochs': 2,
      temperature: 2.5,
      alpha: 0.5,
      sparsity: 0.75,
      'prune-scope': 'layer',
      'prune-schedule': 'one-shot',
      'prune-epochs': 0,
      quantization: 'weights',
    });
    expect(config.teacher.run).toBe('runs/teacher');
    expect(config.trainLimit).toBe(1000);
    expect(config.student).toMatchObject({ epochs: 2, temperature: 2.5, alpha: 0.5 });
    expect(config.pruned).toMatchObject({ sparsity: 0.75, scope: 'layer', schedule: 'one-shot', epochs: 0 });
    expect(config.int8.mode).toBe('weights');
  });

  it.each([
    [['--alpha', '1.5'], /--alpha must be a number in \[0, 1\]/],
    [['--sparsity', 'half'], /--sparsity must be a number in \[0, 0.99\], got "half"/],
    [['--prune-scope', 'model'], /--prune-scope must be one of layer, global, got "model"/],
    [['--quantization', 'int4'], /--quantization must be one of auto, weights, dynamic, static/],
    [['--student-arch', 'resnet'], /--student-arch must be one of small-cnn, mnist-net/],
    [['--student-architecture', 'resnet'], /--student-arch must be one of/],
    [['--no-such-flag'], /unknown option --no-such-flag/],
    [['--sparsty', '0.5'], /unknown option --sparsty; did you mean --sparsity\?/],
  ])('refuses %j with exit code 1', async (argv, message) => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await optimizeCommand.run(argv)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toMatch(message);
  });

  it('prints its usage with --help', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await optimizeCommand.run(['--help'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('\n')).toMatch(/usage: trainer optimize/);
  });
});
