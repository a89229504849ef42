/**
 * Comparing replica logs over a prefix, the inner loop of log-matching and strong-isr. Records are compared on
 * what identifies them in Kafka's log: offset, leader epoch and value. A position both logs lack is no
 * disagreement (so "same record" stays an equivalence, which log-matching relies on); one log lacking it is.
 *
 * Both invariants ask for the first difference of the same pairs (a leader and its followers) over nearly the
 * same prefixes, so the answers are shared within one check: a pair's logs are scanned at most once, to the
 * longest prefix asked. Nothing is kept across checks (see log-matching.ts for why).
 */
import type { BrokerId } from '../../system/kernel/ids.ts';
import type { LogRecord } from '../../system/protocol/records.ts';
import type { ReplicaSnapshot } from './cluster-snapshot.ts';

export function sameRecord(a: LogRecord | undefined, b: LogRecord | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.offset === b.offset && a.leaderEpoch === b.leaderEpoch && a.value === b.value;
}

interface PairScan {
  /** Positions [0, scanned) are compared. */
  scanned: number;
  /** The first difference found, -1 while none. */
  difference: number;
}

/** The first differences of one partition's replica pairs, for one check. */
export class LogComparisons {
  private readonly scans = new Map<string, PairScan>();

  /** The first position below `end` where the two replicas' logs differ, or -1 when they agree on all of [0, end). */
  firstDifference(a: ReplicaSnapshot, b: ReplicaSnapshot, end: number): number {
    const scan = this.scanOf(a.broker, b.broker);
    if (scan.difference < 0 && scan.scanned < end) {
      const left = a.replica.log;
      const right = b.replica.log;
      // Past both logs' ends every position is lacking on both sides: nothing more to find.
      const last = Math.min(end, Math.max(left.length, right.length));
      for (let position = scan.scanned; position < last; position++) {
        if (!sameRecord(left[position], right[position])) {
          scan.difference = position;
          break;
        }
      }
      scan.scanned = end;
    }
    return scan.difference >= 0 && scan.difference < end ? scan.difference : -1;
  }

  private scanOf(a: BrokerId, b: BrokerId): PairScan {
    const key = a < b ? `${a}/${b}` : `${b}/${a}`;
    let scan = this.scans.get(key);
    if (!scan) {
      scan = { scanned: 0, difference: -1 };
      this.scans.set(key, scan);
    }
    return scan;
  }
}
