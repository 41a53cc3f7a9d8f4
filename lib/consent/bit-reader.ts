const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Reads bits from base64url text, as TC and GPP strings encode them. Reading past the end
 * answers null, never throws. Used only to inspect untrusted strings before a library decodes
 * them.
 */
export class BitReader {
  private readonly text: string;
  private position = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Bits left. */
  get remaining(): number {
    return this.text.length * 6 - this.position;
  }

  /** One bit, or null past the end or on a character outside base64url. */
  bit(): 0 | 1 | null {
    const charIndex = Math.floor(this.position / 6);
    if (charIndex >= this.text.length) return null;
    const value = ALPHABET.indexOf(this.text.charAt(charIndex));
    if (value < 0) return null;
    const bit = (value >> (5 - (this.position % 6))) & 1;
    this.position++;
    return bit === 1 ? 1 : 0;
  }

  /** An unsigned integer of `width` bits (at most 48), or null. */
  int(width: number): number | null {
    let value = 0;
    for (let i = 0; i < width; i++) {
      const b = this.bit();
      if (b === null) return null;
      value = value * 2 + b;
    }
    return value;
  }

  /** Skips `width` bits; false if there were not enough. */
  skip(width: number): boolean {
    if (this.remaining < width) return false;
    this.position += width;
    return true;
  }

  /**
   * A Fibonacci-coded integer (Zeckendorf bits ending in `11`), as GPP encodes ranges; null past
   * the end or when longer than `maxBits` (a longer code is a number no real string holds).
   */
  fibonacci(maxBits = 40): number | null {
    let value = 0;
    let previous: 0 | 1 = 0;
    let a = 1;
    let b = 2;
    for (let i = 0; i < maxBits; i++) {
      const bit = this.bit();
      if (bit === null) return null;
      if (bit === 1 && previous === 1) return value;
      if (bit === 1) value += a;
      previous = bit;
      const next = a + b;
      a = b;
      b = next;
    }
    return null;
  }
}
