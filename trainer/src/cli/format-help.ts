import type { FlagSpec, FlagSpecs } from './flag-spec.ts';
import { placeholder } from './parse-flags.ts';

export interface HelpText {
  /** e.g. `train`, `text train`. */
  name: string;
  /** What follows the command on the usage line; default `[options]`. */
  synopsis?: string;
  description?: string;
  flags: FlagSpecs;
  /** Text after the flags: environment, exit status. */
  epilog?: string;
}

const COLUMN = 28;

/** A command's own usage: synopsis, description, one line per shown flag (hidden ones and aliases left out). */
export function formatHelp(help: HelpText): string {
  const lines = [`usage: trainer ${help.name} ${help.synopsis ?? '[options]'}`];
  if (help.description) lines.push('', help.description);
  const shown = Object.entries(help.flags).filter(([, spec]) => !spec.hidden);
  if (shown.length > 0) lines.push('', 'options:');
  for (const [name, spec] of shown) {
    const left = `  --${name}${spec.type === 'boolean' ? '' : ` ${placeholder(spec)}`}${spec.type === 'repeated' ? ' (repeatable)' : ''}`;
    const right = `${spec.help}${defaultText(spec)}`.split('\n');
    if (left.length < COLUMN) lines.push(`${left.padEnd(COLUMN)}${right[0]}`);
    else lines.push(left, `${' '.repeat(COLUMN)}${right[0]}`);
    for (const more of right.slice(1)) lines.push(`${' '.repeat(COLUMN)}${more}`);
  }
  lines.push(`  -h, --help`.padEnd(COLUMN) + 'print this help');
  if (help.epilog) lines.push('', help.epilog);
  return lines.join('\n');
}

function defaultText(spec: FlagSpec): string {
  return 'default' in spec && spec.default !== undefined ? ` (default ${spec.default})` : '';
}
