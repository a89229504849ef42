/**
 * A completion repeats what its invoke asked for: the same micro-ops in the same order (a send's partitions and
 * values, a poll's count), or for an assign the same partitions. The checker pairs them by position, so a
 * mismatch would silently attribute an ack to the wrong record.
 */
import type { Op } from './history.ts';
import { preview } from './history-input.ts';
import type { Fail } from './parse-op-value.ts';

/** `valueAt` is the path of the completion's value (`ops[7].value`); `invoke` the op it completes, found at
 * `invokeAt` (`ops[3]`). */
export function checkCompletionMatches(completion: Op, invoke: Op, valueAt: string, fail: Fail, invokeAt = `ops[${invoke.index}]`): void {
  const from = `its invoke at ${invokeAt}`;
  if (completion.f === 'assign' || invoke.f === 'assign') {
    if (JSON.stringify(completion.value) !== JSON.stringify(invoke.value)) {
      fail(valueAt, `an assign completion must repeat the partitions of ${from}, ${preview(invoke.value)}, got ${preview(completion.value)}`);
    }
    return;
  }
  if (completion.value.length !== invoke.value.length) {
    fail(valueAt, `${completion.value.length} micro-op(s), but ${from} had ${invoke.value.length}`);
  }
  if (completion.f !== 'send' || invoke.f !== 'send') return;
  completion.value.forEach((micro, i) => {
    const asked = invoke.value[i]!;
    const value = Array.isArray(micro[2]) ? micro[2][1] : micro[2];
    if (micro[1] !== asked[1] || value !== asked[2]) {
      fail(`${valueAt}[${i}]`, `completes ${preview(asked)} of ${from} but names partition ${micro[1]} and value ${preview(value)}`);
    }
  });
}
