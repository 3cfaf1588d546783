import { main } from '../main.ts';

/**
 * `trainer …` run by `main` in the test's own process, with what it printed and its exit code: the
 * CLI's code paths without a child's Node and tsx start-up (about a second of CPU each). main.test.ts
 * runs the bin itself.
 */
export async function runMain(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...line: unknown[]) => void stdout.push(`${line.join(' ')}\n`);
  console.error = (...line: unknown[]) => void stderr.push(`${line.join(' ')}\n`);
  try {
    return { code: await main(args), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    Object.assign(console, { log, error });
  }
}
