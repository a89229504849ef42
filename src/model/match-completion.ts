/**
 * A completion repeats what its invoke asked for: the same micro-ops in the same order (a send's partitions and
 * values, a poll's count), or for an assign the same partitions. The checker pairs them by position, so a
 * mismatch would silently attribute an ack to the wrong record.
 */
import type { Op } from './history.ts';
import { preview } from './history-input.ts';
import type { Fail } from './parse-op-value.ts';

/** `where` is the completion's path (`ops[7]`); `invoke` the op it completes. */
export function checkCompletionMatches(completion: Op, invoke: Op, where: string, fail: Fail): void {
  const from = `its invoke at ops[${invoke.index}]`;
  if (completion.f === 'assign' || invoke.f === 'assign') {
    if (JSON.stringify(completion.value) !== JSON.stringify(invoke.value)) {
      fail(`${where}.value`, `an assign completion must repeat the partitions of ${from}, ${preview(invoke.value)}, got ${preview(completion.value)}`);
    }
    return;
  }
  if (completion.value.length !== invoke.value.length) {
    fail(`${where}.value`, `${completion.value.length} micro-op(s), but ${from} had ${invoke.value.length}`);
  }
  if (completion.f !== 'send' || invoke.f !== 'send') return;
  completion.value.forEach((micro, i) => {
    const asked = invoke.value[i]!;
    const value = Array.isArray(micro[2]) ? micro[2][1] : micro[2];
    if (micro[1] !== asked[1] || value !== asked[2]) {
      fail(`${where}.value[${i}]`, `completes ${preview(asked)} of ${from} but names partition ${micro[1]} and value ${preview(value)}`);
    }
  });
}
