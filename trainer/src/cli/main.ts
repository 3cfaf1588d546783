import { readFileSync } from 'node:fs';
import { TrainerError } from '../errors.ts';
import { checkDeployableCommand } from './check-deployable-command.ts';
import { closestMatch } from './closest-match.ts';
import type { Command } from './define-command.ts';
import { evalCommand } from './eval-command.ts';
import { exportCommand } from './export-command.ts';
import { jobsCommand } from './jobs-command.ts';
import { optimizeCommand } from './optimize-command.ts';
import { publishCommand } from './publish-command.ts';
import { reportFailure } from './report-failure.ts';
import { textCommand } from './text-command.ts';
import { trainCommand } from './train-command.ts';

/** Every subcommand, by its full name (`text train` is `trainer text train`). */
export const COMMANDS: readonly Command[] = [trainCommand, evalCommand, exportCommand, publishCommand, optimizeCommand, textCommand, jobsCommand, checkDeployableCommand];

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
  if (command) return command.run(argv.slice(command.name.split(' ').length), env);
  const group = COMMANDS.filter((candidate) => candidate.name.startsWith(`${first} `));
  if (group.length === 0) return unknownCommand(first, closestMatch(first, COMMANDS.map((candidate) => candidate.name)));
  // A group's first word (`trainer text`): its help lists its commands; a wrong second word gets the nearest.
  if (argv[1] === '--help' || argv[1] === '-h') {
    console.log(group.map((candidate) => candidate.help()).join('\n\n'));
    return 0;
  }
  const words = argv[1] === undefined || argv[1].startsWith('-') ? first : `${first} ${argv[1]}`;
  const names = group.map((candidate) => candidate.name);
  return unknownCommand(words, closestMatch(words, names) ?? (names.length === 1 ? names[0] : undefined));
}

function unknownCommand(words: string, suggestion: string | undefined): 1 | 2 {
  return reportFailure('', new TrainerError('invalid_argument', `unknown command "${words}"${suggestion ? `; did you mean trainer ${suggestion}?` : ''} (trainer --help lists the commands)`));
}
