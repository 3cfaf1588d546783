import { TrainerError } from '../errors.ts';
import { closestMatch } from './closest-match.ts';
import type { FlagSpec, FlagSpecs, FlagValues, NumberFlag } from './flag-spec.ts';

export type ParsedFlags<F extends FlagSpecs> = { help: true } | { help: false; values: FlagValues<F>; positionals: string[] };

/**
 * `--name value`, `--name=value`, `--flag` for booleans, `-h`/`--help`, `--` ending the flags.
 * Unknown flags are refused with the nearest known spelling; values are converted and range-checked here,
 * so a command body only sees valid values. `--help` anywhere wins over every other mistake.
 */
export function parseFlags<F extends FlagSpecs>(argv: readonly string[], specs: F): ParsedFlags<F> {
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')) return { help: true };
  const byName = new Map<string, [string, FlagSpec]>();
  for (const [name, spec] of Object.entries(specs)) {
    for (const spelling of [name, ...(spec.aliases ?? [])]) byName.set(spelling, [name, spec]);
  }
  const raw = new Map<string, string[] | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const [spelling, inline] = splitFlag(arg);
    const found = byName.get(spelling);
    if (!found) throw unknownFlag(arg, spelling, specs);
    const [name, spec] = found;
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new TrainerError('invalid_argument', `--${spelling} takes no value, got "${arg}"`);
      raw.set(name, true);
      continue;
    }
    const value = inline ?? argv[i + 1];
    // A value may start with "-" only as a number (--lr -1); otherwise it is the next flag and this one lacks its value.
    if (value === undefined || (inline === undefined && value.startsWith('-') && !/^-\.?\d/.test(value))) {
      throw new TrainerError('invalid_argument', `--${spelling} needs a value (${placeholder(spec)})`);
    }
    if (inline === undefined) i++;
    const previous = raw.get(name);
    raw.set(name, spec.type === 'repeated' && Array.isArray(previous) ? [...previous, value] : [value]);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = convert(name, spec, raw.get(name));
  return { help: false, values: values as FlagValues<F>, positionals };
}

/** The value's name in help and messages. */
export function placeholder(spec: FlagSpec): string {
  if (spec.placeholder) return spec.placeholder;
  if (spec.type === 'enum') return spec.values.join('|');
  if (spec.type === 'number') return spec.integer ? 'N' : 'X';
  return 'VALUE';
}

/** The accepted range in words, e.g. "a positive integer" or "a number in [0, 0.5]". */
export function describeRange(spec: NumberFlag): string {
  const kind = spec.integer ? 'integer' : 'number';
  const article = spec.integer ? 'an' : 'a';
  const { min, max } = spec;
  if (min === 0 && max === undefined) return spec.exclusiveMin ? `a positive ${kind}` : `a non-negative ${kind}`;
  if (min === 1 && max === undefined && spec.integer && !spec.exclusiveMin) return 'a positive integer';
  if (min !== undefined && max !== undefined) return `${article} ${kind} in ${spec.exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (min !== undefined) return `${article} ${kind} ${spec.exclusiveMin ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${article} ${kind} ≤ ${max}`;
  return `${article} ${kind}`;
}

function splitFlag(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function unknownFlag(arg: string, spelling: string, specs: FlagSpecs): TrainerError {
  const suggestion = closestMatch(spelling, [...Object.keys(specs), 'help']);
  return new TrainerError('invalid_argument', `unknown option ${arg.split('=')[0]}${suggestion ? `; did you mean --${suggestion}?` : ''}`);
}

function convert(name: string, spec: FlagSpec, given: string[] | true | undefined): unknown {
  if (spec.type === 'boolean') return given === true;
  if (spec.type === 'repeated') return given === undefined ? [] : given;
  if (given === undefined || given === true) {
    if (spec.type === 'string' && spec.required) throw new TrainerError('invalid_argument', `needs --${name} ${placeholder(spec)}: ${spec.help}`);
    return spec.default;
  }
  const value = given.at(-1)!;
  if (spec.type === 'string') return value;
  if (spec.type === 'enum') {
    if (!spec.values.includes(value)) throw new TrainerError('invalid_argument', `--${name} must be one of ${spec.values.join(', ')}, got "${value}"`);
    return value;
  }
  const n = Number(value);
  const inRange =
    value.trim() !== '' &&
    Number.isFinite(n) &&
    (!spec.integer || Number.isInteger(n)) &&
    (spec.min === undefined || (spec.exclusiveMin ? n > spec.min : n >= spec.min)) &&
    (spec.max === undefined || n <= spec.max);
  if (!inRange) throw new TrainerError('invalid_argument', `--${name} must be ${describeRange(spec)}, got "${value}"`);
  return n;
}
