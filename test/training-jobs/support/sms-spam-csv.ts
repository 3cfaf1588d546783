import { seededRandom } from '@edgeml/shared/testdata/seeded-random';

/**
 * A small, realistic `text,label` CSV of SMS-style messages (ham and spam, the labels of the spam
 * models the tests publish), generated from phrase lists with a seeded generator so it is the same
 * on every run. Some fields are quoted with commas and doubled quotes inside, as exports from
 * spreadsheets are.
 */
const HAM = {
  openers: ['Hey', 'Hi mum', 'Ok so', 'Morning', 'Sorry', 'Thanks', 'Lol', 'Yo', 'Hi Sam', 'Quick one'],
  bodies: [
    'are we still on for dinner tonight',
    'running about ten minutes late, traffic is awful',
    'can you pick up milk and bread on the way home',
    'the meeting moved to 3pm in room B',
    'did you see the match last night',
    'I left my keys at yours, will grab them tomorrow',
    'happy birthday, hope you have a lovely day',
    'call me when you get this, nothing urgent',
    'the kids loved the park, we will go again on Sunday',
    'can we push our call to Thursday',
    'I finished the report, sending it over now',
    'see you at the station at half six',
  ],
  closers: ['x', 'cheers', 'see you soon', 'thanks!', ':)', 'talk later', ''],
};
const SPAM = {
  openers: ['URGENT!', 'Congratulations!', 'FREE MSG:', 'WINNER!!', 'Final notice:', 'Exclusive offer:', 'Dear customer,', 'Act now!'],
  bodies: [
    'you have won a £1000 cash prize, claim now',
    'your account has been suspended, verify your details at',
    'you are selected for a free holiday to the Bahamas, reply YES to',
    'get 50% off all ringtones, text STOP to opt out, call',
    'your parcel is waiting, pay the £1.99 delivery fee at',
    'claim your free iPhone today, limited offer, visit',
    'low interest loans approved instantly, no credit check, apply at',
    'you have an unclaimed reward of 500 points, redeem at',
  ],
  closers: ['www.win-prize.example', '0800 123 456', 'http://claim.example/now', 'txt WIN to 80082', 'T&Cs apply', '18+ only'],
};

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `rows` messages, about a third of them spam, in a shuffled order. */
export function smsSpamCsv(rows: number, seed = 7): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) {
    const spam = next() < 0.35;
    const parts = spam ? SPAM : HAM;
    let text = [pick(parts.openers), pick(parts.bodies), pick(parts.closers)].filter(Boolean).join(' ');
    if (!spam && next() < 0.15) text = `${text} - "${pick(['ok', 'sure', 'np'])}" she said`;
    lines.push(`${csvField(text)},${spam ? 'spam' : 'ham'}`);
  }
  return `${lines.join('\n')}\n`;
}
