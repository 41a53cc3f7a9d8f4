/**
 * Base64 for the binary parts of the compiled knowledge (the filter engine, the hostname
 * table's bucket starts), which are embedded as base64 and decoded once at load. Decoding uses
 * the platform's native decoder when there is one (`Uint8Array.fromBase64` in current
 * browsers, `Buffer` in Node: about a millisecond for the 2 MB engine) and a portable
 * table-driven loop otherwise. Encoding only runs in the data step.
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

/** Encodes bytes as standard, padded base64 (the data step's side of `decodeBase64`). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk +=
      ALPHABET[n >>> 18]! +
      ALPHABET[(n >>> 12) & 63]! +
      ALPHABET[(n >>> 6) & 63]! +
      ALPHABET[n & 63]!;
    // Joining bounded chunks keeps a megabyte of output from becoming a deep rope of strings.
    if (chunk.length >= 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    chunk += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
    chunk += rest === 2 ? `${ALPHABET[(n >>> 6) & 63]!}=` : '==';
  }
  parts.push(chunk);
  return parts.join('');
}

/** Unsigned 32-bit integers as base64 of their little-endian bytes. */
export function encodeUint32s(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(i * 4, values[i]!, true);
  return encodeBase64(bytes);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The integers `encodeUint32s` wrote, as a view over the decoded bytes: no per-integer work on
 * a little-endian machine (every browser platform), a byte swap on any other.
 */
export function decodeUint32s(text: string): Uint32Array {
  let bytes = decodeBase64(text);
  if (bytes.byteLength % 4 !== 0) throw new Error('base64 text does not hold 32-bit integers');
  // A typed array view needs an aligned start; Node's small buffers share an unaligned pool.
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (LITTLE_ENDIAN) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Uint32Array(bytes.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getUint32(i * 4, true);
  return values;
}
