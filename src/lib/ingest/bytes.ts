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

// A key's identity (unit keys, event ids) is one definition in every reading path: the UTF-16 code
// units of its text, JSON escapes decoded, where each byte that is not part of valid UTF-8 stands for
// itself as the lone surrogate U+DC00 + byte ("surrogate escape", as Python's PEP 383). The fast
// paths hash raw bytes as those code units without building strings; a record read by JSON.parse is
// decoded the same way (decodeLossless) and hashed by its code units (fingerprintString). Two lone
// surrogates stay apart, and an invalid byte never becomes U+FFFD, so keys differing in one are never
// merged. [ours]

/** Length in bytes of the last sequence utf8Sequence read. */
let sequenceLength = 1;

/**
 * The code point of the UTF-8 sequence starting at bytes[i] (a byte ≥ 0x80) within [i, end), setting
 * sequenceLength; -1 when bytes[i] does not start a valid sequence (sequenceLength 1). Overlong forms,
 * encoded surrogates and code points above U+10FFFF are not valid.
 */
function utf8Sequence(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i];
  let need: number;
  let point: number;
  if (lead >= 0xc2 && lead <= 0xdf) {
    need = 1;
    point = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    need = 2;
    point = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    need = 3;
    point = lead & 0x07;
  } else {
    sequenceLength = 1;
    return -1;
  }
  sequenceLength = 1;
  if (i + need >= end) return -1;
  for (let k = 1; k <= need; k++) {
    const next = bytes[i + k];
    if ((next & 0xc0) !== 0x80) return -1;
    point = (point << 6) | (next & 0x3f);
  }
  if (need === 2 && (point < 0x800 || (point >= 0xd800 && point <= 0xdfff))) return -1;
  if (need === 3 && (point < 0x10000 || point > 0x10ffff)) return -1;
  sequenceLength = need + 1;
  return point;
}

const SEED_1 = 0x811c9dc5;
const SEED_2 = 0x9747b28c;

/**
 * Two independent 32-bit hashes (FNV-1a and a multiply–xorshift) of the key written in
 * bytes[start, end): of its code units under the identity rule above, equal to fingerprintString of
 * the same key read as text.
 */
export function fingerprintBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Fingerprint,
): void {
  let h1 = SEED_1;
  let h2 = SEED_2;
  // ASCII (nearly every key) in a tight loop: each byte is its own code unit.
  let i = start;
  for (; i < end; i++) {
    const byte = bytes[i];
    if (byte >= 0x80) break;
    h1 = Math.imul(h1 ^ byte, 16777619);
    h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  if (i < end) return fingerprintWide(bytes, i, end, h1, h2, i - start, out);
  out.hi = finalMix(h1);
  out.lo = finalMix(h2 ^ (end - start));
}

/** fingerprintBytes from bytes[i] (not ASCII) on, with the hashes and code-unit count so far. */
function fingerprintWide(
  bytes: Uint8Array,
  i: number,
  end: number,
  h1: number,
  h2: number,
  units: number,
  out: Fingerprint,
): void {
  while (i < end) {
    let unit = bytes[i];
    if (unit < 0x80) i++;
    else {
      const point = utf8Sequence(bytes, i, end);
      i += sequenceLength;
      if (point < 0) unit = 0xdc00 + unit;
      else if (point < 0x10000) unit = point;
      else {
        const high = 0xd800 + ((point - 0x10000) >> 10);
        h1 = Math.imul(h1 ^ high, 16777619);
        h2 = Math.imul(h2 ^ high, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        units++;
        unit = 0xdc00 + ((point - 0x10000) & 0x3ff);
      }
    }
    h1 = Math.imul(h1 ^ unit, 16777619);
    h2 = Math.imul(h2 ^ unit, 0x5bd1e995);
    h2 ^= h2 >>> 15;
    units++;
  }
  out.hi = finalMix(h1);
  out.lo = finalMix(h2 ^ units);
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The fingerprint of a key read as text (its UTF-16 code units): see the identity rule above. */
export function fingerprintString(text: string, out: Fingerprint): void {
  let h1 = SEED_1;
  let h2 = SEED_2;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 16777619);
    h2 = Math.imul(h2 ^ unit, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out.hi = finalMix(h1);
  out.lo = finalMix(h2 ^ text.length);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * bytes[start, end) as text, each byte that is not valid UTF-8 kept as U+DC00 + byte (see the identity
 * rule above) rather than replaced by U+FFFD; a leading BOM is dropped, as TextDecoder drops it.
 */
export function decodeLossless(bytes: Uint8Array, start: number, end: number): string {
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    // Not valid UTF-8: decoded below, sequence by sequence.
  }
  if (
    end - start >= 3 &&
    bytes[start] === 0xef &&
    bytes[start + 1] === 0xbb &&
    bytes[start + 2] === 0xbf
  )
    start += 3;
  const units: number[] = [];
  let text = '';
  for (let i = start; i < end;) {
    const byte = bytes[i];
    if (byte < 0x80) {
      units.push(byte);
      i++;
    } else {
      const point = utf8Sequence(bytes, i, end);
      i += sequenceLength;
      if (point < 0) units.push(0xdc00 + byte);
      else if (point < 0x10000) units.push(point);
      else units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
    }
    if (units.length >= 4096) text += String.fromCharCode(...units.splice(0));
  }
  return text + String.fromCharCode(...units);
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
