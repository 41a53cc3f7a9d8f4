/**
 * Base64 decoding for the compiled filter engine, which is embedded as base64 and decoded once
 * at load. Uses the platform's native decoder when there is one (`Uint8Array.fromBase64` in
 * current browsers, `Buffer` in Node: about a millisecond for the 3 MB engine) and a portable
 * table-driven loop otherwise.
 */

interface NativeBase64 {
  fromBase64?: (text: string) => Uint8Array;
}
interface NodeBuffer {
  from(text: string, encoding: 'base64'): Uint8Array;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Indexed by UTF-16 code unit, so no character needs a range check; 255 marks "not base64".
const LOOKUP = new Uint8Array(65536).fill(255);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Decodes standard base64 (with or without `=` padding). Throws on any other character. */
export function decodeBase64(text: string): Uint8Array {
  if (unpaddedLength(text) % 4 === 1) throw new Error('base64 text has an impossible length');
  const native = (Uint8Array as unknown as NativeBase64).fromBase64;
  if (typeof native === 'function') return native.call(Uint8Array, text);
  const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (nodeBuffer) {
    const b = nodeBuffer.from(text, 'base64');
    // Buffer skips characters outside the alphabet; a short result means there were some.
    if (b.byteLength === decodedLength(text))
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return decodeBase64Portable(text);
}

function unpaddedLength(text: string): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  return end;
}

function decodedLength(text: string): number {
  return Math.floor((unpaddedLength(text) * 3) / 4);
}

/** The portable decoder (exported so tests exercise it on every platform). */
export function decodeBase64Portable(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--; // '='
  if (end % 4 === 1) throw new Error('base64 text has an impossible length');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const table = LOOKUP;
  let o = 0;
  let i = 0;
  // OR of every sextet read: bit 7 is set only if some character was not base64.
  let bad = 0;
  const whole = end - (end % 4);
  for (; i < whole; i += 4) {
    const a = table[text.charCodeAt(i)] as number;
    const b = table[text.charCodeAt(i + 1)] as number;
    const c = table[text.charCodeAt(i + 2)] as number;
    const d = table[text.charCodeAt(i + 3)] as number;
    bad |= a | b | c | d;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = end - i;
  if (rest >= 2) {
    const a = table[text.charCodeAt(i)] as number;
    const b = table[text.charCodeAt(i + 1)] as number;
    const c = rest === 3 ? (table[text.charCodeAt(i + 2)] as number) : 0;
    bad |= a | b | c;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (rest === 3) out[o++] = (n >>> 8) & 255;
  }
  if (bad & 128) throw new Error('base64 text holds a character outside the alphabet');
  return out;
}
