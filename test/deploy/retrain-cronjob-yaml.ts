/**
 * Reads the subset of YAML that Kubernetes manifests in infra/k8s are written in: block mappings
 * and sequences, `[a, "b"]` flow sequences of scalars, plain and quoted scalars, comments. The
 * project has no YAML parser among its dependencies; this one throws on everything outside the
 * subset (anchors, tags, block scalars, flow mappings, several documents), so a manifest it cannot
 * read fails the test instead of being misread. The test checks it against PyYAML where that runs.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  no: number;
}

export function readYaml(source: string): YamlValue {
  const lines = source
    .split('\n')
    .map((raw, i) => ({ raw: stripComment(raw).trimEnd(), no: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, no }): Line => {
      if (/^\s*\t/.test(raw)) throw new Error(`line ${no}: tabs are not YAML indentation`);
      if (raw.trim() === '---' || raw.trim() === '...') throw new Error(`line ${no}: one document only`);
      const indent = raw.length - raw.trimStart().length;
      return { indent, text: raw.trimStart(), no };
    });
  if (lines.length === 0) return null;
  let i = 0;
  const fail = (line: Line | undefined, message: string): never => {
    throw new Error(`line ${line?.no ?? 'end'}: ${message}`);
  };
  const isItem = (line: Line) => line.text === '-' || line.text.startsWith('- ');

  function block(indent: number): YamlValue {
    return isItem(lines[i]!) ? sequence(indent) : mapping(indent);
  }

  function nested(parentIndent: number, allowSameIndentSequence: boolean): YamlValue {
    const next = lines[i];
    if (next && next.indent > parentIndent) return block(next.indent);
    if (next && allowSameIndentSequence && next.indent === parentIndent && isItem(next)) return sequence(parentIndent);
    return null;
  }

  function mapping(indent: number): YamlValue {
    const result: Record<string, YamlValue> = {};
    while (i < lines.length && lines[i]!.indent >= indent) {
      const line = lines[i]!;
      if (line.indent > indent) fail(line, 'unexpected indentation');
      if (isItem(line)) fail(line, 'a sequence item where a mapping key was expected');
      const match = /^([A-Za-z0-9_./-]+):(?:\s+(.*))?$/.exec(line.text) ?? fail(line, `not a "key: value" line: ${line.text}`);
      const key = match[1]!;
      if (key in result) fail(line, `duplicate key "${key}"`);
      i++;
      result[key] = match[2] === undefined ? nested(indent, true) : scalar(match[2], line);
    }
    return result;
  }

  function sequence(indent: number): YamlValue {
    const result: YamlValue[] = [];
    while (i < lines.length && lines[i]!.indent === indent && isItem(lines[i]!)) {
      const line = lines[i]!;
      const content = line.text === '-' ? '' : line.text.slice(2).trimStart();
      if (content === '') {
        i++;
        result.push(nested(indent, false));
      } else if (/^[A-Za-z0-9_./-]+:(\s|$)/.test(content)) {
        // "- key: value" opens a mapping whose keys line up with this first one.
        const contentIndent = indent + (line.text.length - content.length);
        lines[i] = { indent: contentIndent, text: content, no: line.no };
        result.push(mapping(contentIndent));
      } else {
        i++;
        result.push(scalar(content, line));
      }
    }
    if (i < lines.length && lines[i]!.indent > indent) fail(lines[i], 'unexpected indentation');
    return result;
  }

  const value = block(lines[0]!.indent);
  if (i < lines.length) fail(lines[i], 'unexpected content after the document');
  return value;
}

function scalar(text: string, line: Line): YamlValue {
  const fail = (message: string): never => {
    throw new Error(`line ${line.no}: ${message}: ${text}`);
  };
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) fail('unterminated or trailing text after a double-quoted string');
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) fail('unterminated or trailing text after a single-quoted string');
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) fail('a flow sequence must end on its line');
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : splitFlow(inner).map((item) => scalar(item.trim(), line));
  }
  if (/^[{&*!|>%@`]/.test(text)) fail('outside the YAML subset read here');
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?\d+$/.test(text) || /^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/:\s|\s#/.test(text)) fail('a plain scalar may not contain ": " or " #"');
  return text;
}

function splitFlow(inner: string): string[] {
  const items: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      items.push(inner.slice(start, i));
      start = i + 1;
    } else if (c === '[' || c === '{') throw new Error(`nested flow collections are outside the YAML subset read here: [${inner}]`);
  }
  items.push(inner.slice(start));
  return items;
}

/** Cuts a comment: `#` at the start of a line or after whitespace, outside quotes. */
function stripComment(raw: string): string {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[,:]/.test(raw[i - 1]!))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) return raw.slice(0, i);
  }
  return raw;
}
