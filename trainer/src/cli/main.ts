import { readFileSync } from 'node:fs';
import { TrainerError } from '../errors.ts';
import { closestMatch } from './closest-match.ts';
import type { Command } from './define-command.ts';
import { reportFailure } from './report-failure.ts';

export interface CommandEntry {
  /** The words that name it: `text train` is `trainer text train`. */
  name: string;
  /** One line for `trainer --help`. */
  summary: string;
  /** Imported on use: each command loads its own libraries (tfjs, onnxruntime, miniflare), and --help none. */
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'train', summary: 'train a digit model on MNIST and save the run (weights, run.json, curves.svg, checkpoint/)', load: async () => (await import('./train-command.ts')).trainCommand },
  { name: 'eval', summary: 'evaluate a run on the MNIST test set', load: async () => (await import('./eval-command.ts')).evalCommand },
  { name: 'export', summary: 'write <run>/model.onnx', load: async () => (await import('./export-command.ts')).exportCommand },
  { name: 'publish', summary: 'publish a run, or an ONNX model made elsewhere, as a new version', load: async () => (await import('./publish-command.ts')).publishCommand },
  { name: 'optimize', summary: 'teacher → student → pruned → int8, published as variants with a report', load: async () => (await import('./optimize-command.ts')).optimizeCommand },
  { name: 'text train', summary: 'train a text classifier (ONNX model, vocabulary, golden vectors, manifest)', load: async () => (await import('./text-command.ts')).textCommand },
  { name: 'jobs run', summary: 'run training jobs: claim, train with live epochs, int8, publish, promote', load: async () => (await import('./jobs-command.ts')).jobsCommand },
  { name: 'check-deployable', summary: 'operators, sizes, loading in workerd and start-up of a model before promotion', load: async () => (await import('./check-deployable-command.ts')).checkDeployableCommand },
];

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    'usage: trainer <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'trainer <command> --help prints a command\'s options; trainer --version prints the version.',
    'exit status: 0 done, 1 a mistake in the command line or its input, 2 an internal fault.',
  ].join('\n');
}

/** `trainer …`: finds the command named by the leading words and runs it; returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    console.log(usage());
    return first === undefined ? 1 : 0;
  }
  if (first === '--version' || first === '-V') {
    console.log(VERSION);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name.split(' ').every((word, i) => argv[i] === word));
  if (command) return (await command.load()).run(argv.slice(command.name.split(' ').length), env);
  const group = COMMANDS.filter((candidate) => candidate.name.startsWith(`${first} `));
  if (group.length === 0) return unknownCommand(first, closestMatch(first, COMMANDS.map((candidate) => candidate.name)));
  // A group's first word (`trainer text`): its help lists its commands; a wrong second word gets the nearest.
  if (argv[1] === '--help' || argv[1] === '-h') {
    const commands = await Promise.all(group.map((candidate) => candidate.load()));
    console.log(commands.map((candidate) => candidate.help()).join('\n\n'));
    return 0;
  }
  const words = argv[1] === undefined || argv[1].startsWith('-') ? first : `${first} ${argv[1]}`;
  const names = group.map((candidate) => candidate.name);
  return unknownCommand(words, closestMatch(words, names) ?? (names.length === 1 ? names[0] : undefined));
}

function unknownCommand(words: string, suggestion: string | undefined): 1 | 2 {
  return reportFailure('', new TrainerError('invalid_argument', `unknown command "${words}"${suggestion ? `; did you mean trainer ${suggestion}?` : ''} (trainer --help lists the commands)`));
}
