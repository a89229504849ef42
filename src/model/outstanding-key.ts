/**
 * How a completion finds its invoke. A producer is asynchronous (Kafka's `send` returns a future), so one
 * process may have many sends outstanding: a send is keyed by its process and the partitions and values it
 * names, which its completion repeats. Polls and assigns stay one at a time per process, as in Jepsen.
 */
import type { Op } from './history.ts';

export function outstandingKey(op: Op): string {
  if (op.f !== 'send') return `${op.process}\u0000${op.f}`;
  const records = op.value.map(([, partition, payload]) => [partition, Array.isArray(payload) ? payload[1] : payload]);
  return `${op.process}\u0000send\u0000${JSON.stringify(records)}`;
}
