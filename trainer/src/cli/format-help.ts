import type { FlagSpec, FlagSpecs } from './flag-spec.ts';
import { describeRange, placeholder } from './parse-flags.ts';

export interface HelpText {
  /** e.g. `train`, `text train`. */
  name: string;
  /** What follows the command on the usage line; default the required flags, then `[options]`. */
  synopsis?: string;
  description?: string;
  flags: FlagSpecs;
  /** Text after the flags: environment, exit status. */
  epilog?: string;
}

const COLUMN = 28;

/** A command's own usage: synopsis, description, one line per flag (older spellings left out). */
export function formatHelp(help: HelpText): string {
  const required = Object.entries(help.flags).filter(([, spec]) => spec.type === 'string' && spec.required);
  const synopsis = help.synopsis ?? [...required.map(([name, spec]) => `--${name} ${placeholder(spec)}`), '[options]'].join(' ');
  const lines = [`usage: trainer ${help.name} ${synopsis}`];
  if (help.description) lines.push('', help.description);
  const flags = Object.entries(help.flags);
  if (flags.length > 0) lines.push('', 'options:');
  for (const [name, spec] of flags) {
    const left = `  --${name}${spec.type === 'boolean' ? '' : ` ${placeholder(spec)}`}${spec.type === 'repeated' ? ' (repeatable)' : ''}`;
    const right = withNotes(spec).split('\n');
    if (left.length < COLUMN) lines.push(`${left.padEnd(COLUMN)}${right[0]}`);
    else lines.push(left, `${' '.repeat(COLUMN)}${right[0]}`);
    for (const more of right.slice(1)) lines.push(`${' '.repeat(COLUMN)}${more}`);
  }
  lines.push(`  -h, --help`.padEnd(COLUMN) + 'print this help');
  if (help.epilog) lines.push('', help.epilog);
  return lines.join('\n');
}

/** The help, then the range when the placeholder does not say it (N is a positive integer) and the default. */
function withNotes(spec: FlagSpec): string {
  const parts: string[] = [];
  if (spec.type === 'number' && (spec.min !== undefined || spec.max !== undefined) && describeRange(spec) !== 'a positive integer') parts.push(describeRange(spec));
  if ('default' in spec && spec.default !== undefined) parts.push(`default ${spec.default}`);
  if (parts.length === 0) return spec.help;
  // Help that ends in its own parenthesis takes the notes inside it.
  return spec.help.endsWith(')') ? `${spec.help.slice(0, -1)}; ${parts.join(', ')})` : `${spec.help} (${parts.join(', ')})`;
}
