/**
 * Kafka's 32-bit murmur2 hash as the Java client computes it (`org.apache.kafka.common.utils.Utils.murmur2`,
 * `Utils.toPositive`), bit for bit, including the signed 32-bit result Java returns. It leaves out the
 * `ByteBuffer`/offset overloads and any serializer: callers hand in the key's bytes, or a string via `utf8Bytes`.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's `Utils.murmur2(byte[])`: a signed 32-bit int, exactly as the Java client returns it. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;

  for (let i = 0; i < blocks; i++) {
    const i4 = i << 2;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // Kafka's `switch (length % 4)` falls through from case 3 to case 1; the chain of ifs is the same thing.
  const tail = length & ~3;
  const left = length & 3;
  if (left >= 3) h ^= data[tail + 2]! << 16;
  if (left >= 2) h ^= data[tail + 1]! << 8;
  if (left >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which leaves `Integer.MIN_VALUE` negative). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of a string, as Java's `String.getBytes(StandardCharsets.UTF_8)` / `StringSerializer` give them. */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
