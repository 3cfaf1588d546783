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
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let unterminated = false;
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === QUOTE) {
        // A quoted field, in one pass: up to the quote that is not doubled, counting line breaks.
        let segment = ++i;
        let closed = false;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) !== QUOTE) {
              closed = true;
              break;
            }
            field += text.slice(segment, i + 1);
            i += 2;
            segment = i;
            continue;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        field += text.slice(segment, i);
        if (closed) i++;
        else unterminated = true;
      }
      // Unquoted text (or what follows a closing quote, kept as written) up to a comma or line end.
      let j = i;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      fields.push(j > i ? field + text.slice(i, j) : field);
      i = j;
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    if (i > end) line++;
    if (!(fields.length === 1 && fields[0] === '' && !unterminated)) yield { line: startLine, fields, start, end, unterminated };
  }
}
