import { describe, expect, it, vi } from 'vitest';
import { InputError } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { closestMatch } from './closest-match.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { COMMANDS, main } from './main.ts';

/** Runs `command` with console output captured. */
async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...line: unknown[]) => void out.push(line.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...line: unknown[]) => void err.push(line.join(' ')));
  try {
    return { code: await run(), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function sample(body: (values: unknown) => Promise<number | void> = async () => {}) {
  let seen: unknown;
  const command = defineCommand({
    name: 'sample run',
    description: 'Does nothing but record its flags.',
    flags: {
      file: { type: 'string', placeholder: 'FILE', help: 'a file' },
      epochs: { ...integerFlag(1), default: 3, help: 'epochs' },
      rate: { type: 'number', min: 0, exclusiveMin: true, help: 'a rate' },
      share: { type: 'number', min: 0, max: 0.5, help: 'a share' },
      dry: { type: 'boolean', help: 'do nothing' },
      mode: { type: 'enum', values: ['fast', 'slow'], default: 'fast', help: 'how' },
      tag: { type: 'repeated', help: 'a tag' },
      'vocab-size': { ...integerFlag(1), aliases: ['vocab'], help: 'tokens' },
    },
    async run(values) {
      seen = values;
      return body(values);
    },
  });
  return { command, seen: () => seen };
}

describe('defineCommand', () => {
  it('parses each flag type with its default, in both --flag value and --flag=value forms', async () => {
    const { command, seen } = sample();
    const result = await capture(() => command.run(['--file', 'a.json', '--rate=0.5', '--share', '0.25', '--dry', '--mode', 'slow', '--tag', 'x', '--tag=y', '--vocab', '60']));
    expect(result.code).toBe(0);
    expect(seen()).toEqual({ file: 'a.json', epochs: 3, rate: 0.5, share: 0.25, dry: true, mode: 'slow', tag: ['x', 'y'], 'vocab-size': 60 });
    await capture(() => command.run([]));
    expect(seen()).toEqual({ file: undefined, epochs: 3, rate: undefined, share: undefined, dry: false, mode: 'fast', tag: [], 'vocab-size': undefined });
  });

  it.each([
    [['--epochs', '0'], '--epochs must be a positive integer, got "0"'],
    [['--epochs', '2.5'], '--epochs must be a positive integer, got "2.5"'],
    [['--epochs', ''], '--epochs must be a positive integer, got ""'],
    [['--rate', '0'], '--rate must be a positive number, got "0"'],
    [['--rate', '-1'], '--rate must be a positive number, got "-1"'],
    [['--share', '0.6'], '--share must be a number in [0, 0.5], got "0.6"'],
    [['--mode', 'medium'], '--mode must be one of fast, slow, got "medium"'],
    [['--epoch', '2'], 'unknown option --epoch; did you mean --epochs?'],
    [['--vocab-sise=9'], 'unknown option --vocab-sise; did you mean --vocab-size?'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['--file'], '--file needs a value (FILE)'],
    [['--file', '--dry'], '--file needs a value (FILE)'],
    [['--dry=yes'], '--dry takes no value'],
    [['extra'], 'unexpected argument "extra"'],
  ])('refuses %j with exit 1 and says why', async (argv, message) => {
    const { command, seen } = sample();
    const result = await capture(() => command.run(argv));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`trainer sample run: ${message}`);
    expect(result.stderr).toContain('trainer sample run --help lists the options');
    expect(seen()).toBeUndefined();
  });

  it('prints its own help with -h or --help, without the older spellings, and runs nothing', async () => {
    const { command, seen } = sample();
    for (const flag of ['--help', '-h']) {
      const result = await capture(() => command.run(['--epochs', 'bad-but-ignored', flag]));
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^usage: trainer sample run \[options\]\n\nDoes nothing/);
      expect(result.stdout).toMatch(/--epochs N +epochs \(default 3\)/);
      expect(result.stdout).toMatch(/--mode fast\|slow +how \(default fast\)/);
      expect(result.stdout).toMatch(/--tag VALUE \(repeatable\)/);
      expect(result.stdout).toMatch(/--vocab-size N/);
      expect(result.stdout).not.toMatch(/--vocab /);
    }
    expect(seen()).toBeUndefined();
  });

  it('exits 1 for the user\'s mistakes and 2 for internal faults', async () => {
    const cases: [unknown, number, RegExp][] = [
      [new TrainerError('not_found', 'no run in x'), 1, /^trainer sample run: no run in x$/],
      [new TrainerError('storage_failed', 'R2 said 500'), 2, /internal error[\s\S]*R2 said 500/],
      [new InputError('invalid_image', 'bad pixels'), 1, /bad pixels/],
      [Object.assign(new Error("ENOENT: no such file or directory, open 'x.csv'"), { code: 'ENOENT' }), 1, /ENOENT: no such file/],
      [Object.assign(new Error('refused'), { code: 'not_deployable' }), 1, /refused/],
      [new TypeError('cannot read properties of undefined'), 2, /internal error \(a bug[\s\S]*at /],
    ];
    for (const [thrown, code, message] of cases) {
      const { command } = sample(async () => {
        throw thrown;
      });
      const result = await capture(() => command.run([]));
      expect(result.code, String(thrown)).toBe(code);
      expect(result.stderr).toMatch(message);
    }
    const { command } = sample(async () => 7);
    expect((await capture(() => command.run([]))).code).toBe(7);
  });
});

describe('trainer main', () => {
  it('gives every subcommand its own help, listed in the global usage', async () => {
    const usage = await capture(() => main(['--help']));
    for (const command of COMMANDS) {
      expect(usage.stdout).toContain(`  ${command.name} `);
      expect((await command.load()).name).toBe(command.name);
      const result = await capture(() => main([...command.name.split(' '), '--help']));
      expect(result.code, command.name).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: trainer ${command.name} `));
    }
  });

  it('suggests the nearest command, and names a group\'s commands', async () => {
    expect(await capture(() => main(['optimise']))).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown command "optimise"; did you mean trainer optimize?') });
    expect(await capture(() => main(['text']))).toMatchObject({ code: 1, stderr: expect.stringContaining('did you mean trainer text train?') });
    expect(await capture(() => main(['text', '--help']))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: trainer text train/) });
    expect(await capture(() => main([]))).toMatchObject({ code: 1, stdout: expect.stringMatching(/^usage: trainer <command>/) });
  });
});

describe('closestMatch', () => {
  it('suggests near spellings only', () => {
    expect(closestMatch('epoch', ['epochs', 'seed'])).toBe('epochs');
    expect(closestMatch('bacth-size', ['batch-size', 'epochs'])).toBe('batch-size');
    expect(closestMatch('x', ['epochs', 'seed'])).toBeUndefined();
    expect(closestMatch('frobnicate', ['epochs', 'seed'])).toBeUndefined();
  });
});
