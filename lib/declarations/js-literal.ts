/**
 * Reads a JavaScript array/object literal (strings, numbers, booleans, null, nested arrays
 * and objects) out of script text without evaluating it: consent platforms ship their cookie
 * declarations as literals inside their scripts, and nothing from a page may be run.
 */

export type JsValue = string | number | boolean | null | JsValue[] | { [key: string]: JsValue };

export type JsLiteralResult =
  { ok: true; value: JsValue; end: number } | { ok: false; error: string };

const MAX_DEPTH = 16;
const MAX_ITEMS = 200_000;

/**
 * Parses the literal starting at `start` (after optional whitespace). Bounded by `maxLength`
 * characters, nesting depth 16 and 200,000 values in all; anything else (identifiers,
 * expressions, template strings) is an error, not a guess. `!0`/`!1` (minifier booleans) are read.
 */
export function parseJsLiteral(
  text: string,
  start: number,
  maxLength = 4_000_000,
): JsLiteralResult {
  const end = Math.min(text.length, start + maxLength);
  let i = start;
  let items = 0;

  const fail = (error: string): never => {
    throw new Error(`${error} at ${i}`);
  };
  const ws = (): void => {
    while (i < end && /\s/.test(text[i] as string)) i++;
  };
  const str = (quote: string): string => {
    i++;
    const out: string[] = [];
    while (i < end) {
      const ch = text[i] as string;
      if (ch === quote) {
        i++;
        return out.join('');
      }
      if (ch === '\n') fail('line break in string');
      if (ch === '\\') {
        const next = text[i + 1];
        i += 2;
        switch (next) {
          case 'n':
            out.push('\n');
            break;
          case 't':
            out.push('\t');
            break;
          case 'r':
            out.push('\r');
            break;
          case 'b':
            out.push('\b');
            break;
          case 'f':
            out.push('\f');
            break;
          case 'v':
            out.push('\v');
            break;
          case '0':
            out.push('\0');
            break;
          case 'x': {
            const hex = text.slice(i, i + 2);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('bad \\x escape');
            out.push(String.fromCharCode(Number.parseInt(hex, 16)));
            i += 2;
            break;
          }
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out.push(String.fromCharCode(Number.parseInt(hex, 16)));
            i += 4;
            break;
          }
          case undefined:
            fail('unterminated string');
            break;
          default:
            out.push(next);
        }
        continue;
      }
      out.push(ch);
      i++;
    }
    return fail('unterminated string');
  };
  const value = (depth: number): JsValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    if (++items > MAX_ITEMS) fail('too many values');
    ws();
    const ch = text[i];
    if (ch === '"' || ch === "'") return str(ch);
    if (ch === '[') {
      i++;
      const arr: JsValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      while (i < end) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') {
            i++;
            return arr;
          }
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected , or ]');
      }
      return fail('unterminated array');
    }
    if (ch === '{') {
      i++;
      const obj: { [key: string]: JsValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      while (i < end) {
        ws();
        let key: string;
        const k = text[i];
        if (k === '"' || k === "'") key = str(k);
        else {
          const m = /^[A-Za-z_$][\w$]{0,100}/.exec(text.slice(i, i + 101));
          if (!m) return fail('bad object key');
          key = m[0];
          i += key.length;
        }
        ws();
        if (text[i] !== ':') fail('expected :');
        i++;
        const v = value(depth + 1);
        // Own data property only; "__proto__" must not reach the prototype.
        Object.defineProperty(obj, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') {
            i++;
            return obj;
          }
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected , or }');
      }
      return fail('unterminated object');
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (text.startsWith('!0', i) || text.startsWith('!1', i)) {
      const v = text[i + 1] === '0';
      i += 2;
      return v;
    }
    const num = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    return fail('unexpected character');
  };

  try {
    const v = value(0);
    return { ok: true, value: v, end: i };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable literal' };
  }
}
