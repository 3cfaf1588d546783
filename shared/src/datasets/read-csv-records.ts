/** One CSV record: its fields, the 1-based line it starts on, and where it sits in the text. */
export type CsvRecord = { line: number; fields: string[]; start: number; end: number; unterminated: boolean };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records by RFC 4180: fields separated by commas, records by CRLF, LF or
 * CR; a quoted field may hold commas, line breaks and doubled quotes. Blank lines yield nothing.
 * A quote left open runs to the end of the text and the record says `unterminated`.
 */
export function* readCsvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let unterminated = false;
    let field = '';
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        // A quoted field: up to the quote that is not doubled.
        i++;
        let closed = false;
        while (i < text.length) {
          const next = text.indexOf('"', i);
          if (next < 0) break;
          line += countLineBreaks(text, i, next);
          field += text.slice(i, next);
          if (text.charCodeAt(next + 1) === QUOTE) {
            field += '"';
            i = next + 2;
          } else {
            i = next + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          line += countLineBreaks(text, i, text.length);
          field += text.slice(i);
          i = text.length;
          unterminated = true;
        }
      }
      // Unquoted text (or what follows a closing quote, kept as written) up to a comma or line end.
      let j = i;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      field += text.slice(i, j);
      fields.push(field);
      field = '';
      i = j;
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF || (i > end && text.charCodeAt(i - 1) === CR)) {
      if (text.charCodeAt(i) === LF) i++;
      line++;
    }
    if (!(fields.length === 1 && fields[0] === '' && !unterminated)) yield { line: startLine, fields, start, end, unterminated };
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}
