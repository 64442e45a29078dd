// Byte-level helpers shared by the JSON and CSV scanners: 64-bit fingerprints of UTF-8 byte ranges
// and exact number parsing without building strings.

/** Out-parameter for a 64-bit fingerprint, split in two 32-bit halves (no allocation per call). */
export class Fingerprint {
  // -0 (equal to 0 in every use) makes the fields hold doubles from the start: the halves go up to
  // 2^32, and a field that starts as a small integer and later gets a double changes the shape of its
  // objects mid-import, which throws away code optimised for them (and costs the next import).
  hi = -0;
  lo = -0;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes (FNV-1a and a multiply–xorshift) of bytes[start, end). */
export function fingerprintBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Fingerprint,
): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ (end - start);
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    h1 = Math.imul(h1 ^ b, 16777619);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out.hi = finalMix(h1);
  out.lo = finalMix(h2);
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The fingerprint of a string's UTF-8 bytes: equal to fingerprintBytes over the same text as bytes. */
export function fingerprintString(text: string, out: Fingerprint): void {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3 + 16);
  const { written } = encoder.encodeInto(text, scratch);
  fingerprintBytes(scratch, 0, written, out);
}

/**
 * The fingerprint of a 64-bit key (hi, lo) followed by 32-bit words (a record's fields), into `out`:
 * each half mixes every word as fingerprintBytes mixes bytes and is finalised once.
 */
export function fingerprintWords(
  hi: number,
  lo: number,
  words: Int32Array,
  out: Fingerprint,
): void {
  let h1 = hi ^ 0x243f6a88;
  let h2 = lo ^ 0x85a308d3;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    h1 = Math.imul(h1 ^ word, 0x9e3779b1);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ word, 0x7feb352d);
    h2 ^= h2 >>> 13;
  }
  out.hi = finalMix(h1);
  out.lo = finalMix(h2 ^ words.length);
}

export function bytesEqual(
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
): boolean {
  if (end - start !== target.length) return false;
  for (let i = 0; i < target.length; i++) if (bytes[start + i] !== target[i]) return false;
  return true;
}

/** bytes[start, end), without surrounding spaces, equals `target`. */
export function equalsTrimmed(
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
): boolean {
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  return bytesEqual(bytes, start, end, target);
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const decoder = new TextDecoder();
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

/**
 * Parses a decimal number in bytes[start, end) exactly as Number() would, or returns NaN when the text
 * is not a number. Short mantissas use the exact fast path (an integer below 2^53 divided by an exact
 * power of ten rounds once, so the result is the correctly rounded value); anything else is decoded.
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && bytes[i] === 0x2d) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  const firstDigit = i;
  for (; i < end; i++) {
    const b = bytes[i];
    if (b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30);
      digits++;
      if (seenDot) scale++;
    } else if (b === 0x2e && !seenDot) {
      seenDot = true;
    } else break;
  }
  const plain = i === end && digits > 0 && bytes[end - 1] !== 0x2e && bytes[firstDigit] !== 0x2e;
  if (plain && digits <= 15 && scale <= 22) {
    const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
    return negative ? -value : value;
  }
  const text = decodeUtf8(bytes, start, end).trim();
  return DECIMAL.test(text) ? Number(text) : NaN;
}
