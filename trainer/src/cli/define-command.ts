import type { FlagSpecs, FlagValues } from './flag-spec.ts';
import { formatHelp, type HelpText } from './format-help.ts';
import { parseFlags } from './parse-flags.ts';
import { reportFailure } from './report-failure.ts';
import { TrainerError } from '../errors.ts';

export interface CommandSpec<F extends FlagSpecs> extends HelpText {
  flags: F;
  /** The command's body, a thin layer over a library function; returns the exit code (0 when it returns nothing). */
  run: (values: FlagValues<F>, env: NodeJS.ProcessEnv) => Promise<number | void>;
}

export interface Command {
  name: string;
  help(): string;
  /** Parses `argv` (the words after the command's name), runs it and returns the exit code; never throws. */
  run(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<number>;
}

/** A trainer subcommand: typed flags, its own `--help`, and the CLI's one exit rule (see reportFailure). */
export function defineCommand<const F extends FlagSpecs>(spec: CommandSpec<F>): Command {
  const help = () => formatHelp(spec);
  return {
    name: spec.name,
    help,
    async run(argv, env = process.env) {
      try {
        const parsed = parseFlags(argv, spec.flags);
        if (parsed.help) {
          console.log(help());
          return 0;
        }
        if (parsed.positionals.length > 0) throw new TrainerError('invalid_argument', `unexpected argument "${parsed.positionals[0]}"`);
        return (await spec.run(parsed.values, env)) ?? 0;
      } catch (error) {
        const code = reportFailure(spec.name, error);
        if (code === 1 && error instanceof TrainerError && error.code === 'invalid_argument') console.error(`(trainer ${spec.name} --help lists the options)`);
        return code;
      }
    },
  };
}
