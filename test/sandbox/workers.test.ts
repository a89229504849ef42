/**
 * `--workers N`: the same verdicts, counterexamples and reports whatever the number of worker threads, for the
 * claims and for the guarantee matrix (checks are independent and deterministic; results are taken in order).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const kcheck = (args: string[]) => spawnSync(process.execPath, ['bin/kcheck.js', ...args], { encoding: 'utf8', timeout: 900_000 });
/** Progress lines depend on timing; everything else must not. */
const verdicts = (stdout: string) => stdout.split('\n').filter((l) => !/^ {2}\S.*: run \d+\/\d+$/.test(l) && !/cells · /.test(l)).join('\n');

describe('--workers', () => {
  it('check: 1 and 2 workers print the same verdicts and counterexamples', { timeout: 900_000 }, () => {
    const args = ['check', '--runs', '25', '--seed', '3'];
    const one = kcheck([...args, '--workers', '1']);
    const two = kcheck([...args, '--workers', '2']);
    expect(one.status).toBe(two.status);
    expect(verdicts(two.stdout)).toBe(verdicts(one.stdout));
    expect(one.stdout).toMatch(/claim\(s\) as expected/);
  });

  it('matrix: 1 and 2 workers write byte-identical reports', { timeout: 900_000 }, () => {
    const dirs = [1, 2].map((n) => mkdtempSync(join(tmpdir(), `kcheck-workers-${n}-`)));
    const [one, two] = [1, 2].map((n, i) => kcheck(['matrix', '--only', 'acks=all minISR=2 unclean=off', '--runs', '10', '--workers', String(n), '--out-dir', dirs[i]!]));
    expect(one!.status).toBe(0);
    expect(two!.status).toBe(0);
    for (const file of ['guarantee-matrix.md', 'guarantee-matrix.json']) {
      expect(readFileSync(join(dirs[1]!, file), 'utf8')).toBe(readFileSync(join(dirs[0]!, file), 'utf8'));
    }
  });

  it('zoo: 1 and 2 workers catch the same variants with the same counterexamples (times aside)', { timeout: 900_000 }, () => {
    const dirs = [1, 2].map((n) => mkdtempSync(join(tmpdir(), `kcheck-zoo-workers-${n}-`)));
    const runs = [1, 2].map((n, i) => kcheck(['zoo', '--only', 'acks-all-at-append', '--seeds', '2', '--runs', '300', '--other-runs', '20', '--workers', String(n), '--out-dir', dirs[i]!]));
    for (const run of runs) expect(run.status).toBe(0);
    // Wall times (and the targets they meet) are measurements; the trace paths name each run's own folder.
    const untimed = (dir: string) => JSON.stringify(JSON.parse(readFileSync(join(dir, 'bug-zoo.json'), 'utf8'), (key: string, value: unknown) => (/(Ms|MsToDetect|DetectMs)$|^(msToDetect|met|actual|trace)$/.test(key) ? undefined : value)));
    expect(untimed(dirs[1]!)).toBe(untimed(dirs[0]!));
    expect(readFileSync(join(dirs[1]!, 'zoo', 'acks-all-at-append-1.json'), 'utf8')).toBe(readFileSync(join(dirs[0]!, 'zoo', 'acks-all-at-append-1.json'), 'utf8'));
  });
});
