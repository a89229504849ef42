/**
 * A kcheck history written as Jepsen's Kafka workload writes history.edn, one `#jepsen.history.Op{…}` per line,
 * to benchmark `kcheck history --jepsen` on the same histories as the JSON reader. A Jepsen process runs one op
 * at a time, so each send in flight gets a process of its own (a free one, reused once it completes), and each
 * consumer one; values `v12` become the integer 12 (Jepsen's values are integers), time goes to ns. A final read
 * becomes a plain poll: Jepsen has no such mark.
 */
import type { Op } from '../model/history.ts';

export function jepsenEdnText(ops: readonly Op[]): string {
  let processCount = 0;
  const free: number[] = [];
  /** kcheck process and op kind (a send by its records) → the Jepsen process running it. */
  const running = new Map<string, number>();
  const processOf = (op: Op): number => {
    const key = op.f === 'send' ? `${op.process}\u0000${JSON.stringify(op.value.map(([, p, v]) => [p, Array.isArray(v) ? v[1] : v]))}` : `${op.process}\u0000consumer`;
    let process = running.get(key);
    if (process === undefined) {
      process = op.f === 'send' ? (free.pop() ?? processCount++) : processCount++;
      running.set(key, process);
    }
    if (op.f === 'send' && op.type !== 'invoke') {
      running.delete(key);
      free.push(process);
    }
    return process;
  };
  const value = (v: string) => (/^v\d+$/.test(v) ? v.slice(1) : JSON.stringify(v));
  const lines = ops.map((op) => {
    let edn: string;
    switch (op.f) {
      case 'send':
        edn = op.value.map(([, p, payload]) => (Array.isArray(payload) ? `[:send ${p} [${payload[0] ?? 'nil'} ${value(payload[1])}]]` : `[:send ${p} ${value(payload)}]`)).join(' ');
        break;
      case 'poll':
        edn = op.value
          .map((micro) => (micro[1] === undefined ? '[:poll]' : `[:poll {${Object.entries(micro[1]).map(([p, records]) => `${p} [${records.map(([o, v]) => `[${o} ${value(v)}]`).join(' ')}]`).join(', ')}}]`))
          .join(' ');
        break;
      case 'assign':
        edn = op.value.join(' ');
        break;
    }
    const error = op.error === undefined ? '' : `, :error :${op.error.toLowerCase().replace(/_/g, '-')}`;
    return `#jepsen.history.Op{:index ${op.index}, :time ${Math.round(op.timeMs * 1e6)}, :type :${op.type}, :process ${processOf(op)}, :f :${op.f}, :value [${edn}]${error}}`;
  });
  return `${lines.join('\n')}\n`;
}
