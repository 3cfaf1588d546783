import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelsListResponseSchema } from '@edgeml/shared';

/**
 * The text model `npm start` serves beside the digits: spam (SpamAssassin), pooled, published with
 * its int8 variant as production when int8 keeps the float accuracy (`text train --int8`). 400
 * tokens, not the CLI's 200: mails are long, and it measured 97.52% test accuracy against 97.36%.
 */
export const DEFAULT_TEXT_MODEL = {
  name: 'spam',
  args: ['text', 'train', '--data', 'spam', '--arch', 'pooled', '--max-length', '400', '--int8', '--publish'],
} as const;

/** Lowest priority: the digit model and the dev server take the CPU first. */
const NICENESS = 19;

export interface BackgroundTextTraining {
  /** Settles when the child has ended (its outcome logged): true when the model was published. */
  done: Promise<boolean>;
  /** Ends the child (npm start is stopping). */
  stop: () => void;
}

export interface TrainTextModelInBackgroundOptions {
  persistTo: string;
  /** The run folder; the child's output goes to `<outDir>.log`. */
  outDir: string;
  /** Where the dev server answers, to read the published model's figures from /v1/models. */
  baseUrl: string;
  log: (line: string) => void;
}

/**
 * Trains and publishes DEFAULT_TEXT_MODEL in a child process (`trainer text train`) at the lowest
 * priority, so the digit model's training and the dev server are not slowed; logs when it starts
 * and when the model is in /v1/models, with its test accuracy and the seconds since `npm start`.
 */
export function trainTextModelInBackground(options: TrainTextModelInBackgroundOptions): BackgroundTextTraining {
  const logFile = `${options.outDir}.log`;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const output = openSync(logFile, 'w');
  const trainer = path.resolve(import.meta.dirname, '..', '..', 'trainer', 'bin', 'trainer.mjs');
  const child = spawn(process.execPath, [trainer, ...DEFAULT_TEXT_MODEL.args, '--persist-to', options.persistTo, '--out', options.outDir], {
    stdio: ['ignore', output, output],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  closeSync(output);
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, NICENESS);
  } catch {
    // Some systems refuse priority changes: it then trains at normal priority.
  }
  options.log(`Training the ${DEFAULT_TEXT_MODEL.name} text model in the background (${DEFAULT_TEXT_MODEL.args.slice(1).join(' ')}; log: ${logFile}).`);
  const done = new Promise<boolean>((resolve) => {
    child.on('error', (error) => {
      options.log(`The ${DEFAULT_TEXT_MODEL.name} text model could not start training: ${error.message}`);
      resolve(false);
    });
    child.on('exit', (code, signal) => {
      if (signal !== null) return resolve(false);
      if (code !== 0) {
        options.log(`Training the ${DEFAULT_TEXT_MODEL.name} text model failed (exit ${code}); see ${logFile}.`);
        return resolve(false);
      }
      void announcePublished(options).then(() => resolve(true));
    });
  });
  return { done, stop: () => child.exitCode === null && child.kill('SIGTERM') };
}

async function announcePublished(options: TrainTextModelInBackgroundOptions): Promise<void> {
  const name = DEFAULT_TEXT_MODEL.name;
  const seconds = process.uptime().toFixed(0);
  try {
    const { models } = modelsListResponseSchema.parse(await (await fetchWhenServing(new URL('/v1/models', options.baseUrl))).json());
    const model = models.find((m) => m.name === name);
    if (!model) throw new Error(`/v1/models does not list ${name}`);
    const accuracy = model.metrics.testAccuracy;
    options.log(
      `Text model ${name}@${model.version} is served, ${seconds} s after npm start` +
        (accuracy === undefined ? '' : ` (test accuracy ${(100 * accuracy).toFixed(2)}%)`) +
        `: curl -H 'content-type: application/json' -d '{"text":"Limited time offer! Get your FREE credit report now, click here. To be removed from our mailing list reply with remove."}' ${new URL(`/v1/models/${name}/predict`, options.baseUrl)}`,
    );
  } catch (error) {
    options.log(`Published the ${name} text model, ${seconds} s after npm start, but the dev server did not list it: ${(error as Error).message}`);
  }
}

/** The text model may be published before the dev server listens (the digit model still training): asks again until it answers. */
async function fetchWhenServing(url: URL): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000).unref());
    }
  }
}
