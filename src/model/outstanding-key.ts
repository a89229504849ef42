/**
 * How a completion finds its invoke. A producer is asynchronous (Kafka's `send` returns a future), so one
 * process may have many sends outstanding: a send is keyed by its process and the partitions and values it
 * names, which its completion repeats. Polls and assigns stay one at a time per process, as in Jepsen.
 */
import type { Op } from './history.ts';

export function outstandingKey(op: Op): string {
  // Lengths make the key unambiguous whatever a process name or value holds (a NUL included).
  const processKey = `${op.process.length}:${op.process}`;
  if (op.f !== 'send') return `${processKey}\u0000${op.f}`;
  let key = `${processKey}\u0000send`;
  for (const [, partition, payload] of op.value) {
    const value = Array.isArray(payload) ? payload[1] : payload;
    key += `\u0000${partition}:${value.length}:${value}`;
  }
  return key;
}
