/**
 * The assignments' catalogue (src/grade/assignments.ts) against the repository: every tier adds up to 100 points
 * over `always` claims of the catalogue, every search test follows a run test of its claim (the progress gate that
 * keeps an idle broker from scoring), and every assignment has its folder, README and a starter whose one stubbed
 * part is the part the catalogue names (of the broker's parts, or of its coordinator's for assignment 5), marked TODO.
 * No assignment is a placeholder any more.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENTS, maxPoints } from '../../src/grade/assignments.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { referenceParts } from '../../src/system/broker/reference-parts.ts';
import { referenceCoordinatorParts } from '../../src/system/coordinator/coordinator-parts.ts';

describe('the assignments', () => {
  it.each(ASSIGNMENTS.map((a) => [a.number, a] as const))('assignment %i: 100 points over always claims, each search test after a run test of its claim', (_n, assignment) => {
    expect(maxPoints(assignment)).toBe(100);
    const runClaims: string[] = [];
    for (const test of assignment.tests) {
      expect(claimNamed(test.claim)?.expectation).toBe('always');
      expect(test.points).toBeGreaterThan(0);
      if (test.kind === 'run') runClaims.push(test.claim);
      else expect(runClaims).toContain(test.claim);
    }
  });

  it.each(ASSIGNMENTS.map((a) => [a.number, a] as const))('assignment %i: README and a starter that stubs exactly the named part', (_n, assignment) => {
    const folder = join('assignments', assignment.folder);
    const readme = readFileSync(join(folder, 'README.md'), 'utf8');
    expect(readme).toContain(`kcheck grade broker.ts --assignment ${assignment.number}`);
    for (const test of assignment.tests) expect(readme).toContain(test.claim);
    const starter = readFileSync(join(folder, 'starter', 'broker.ts'), 'utf8');
    const [parts, partsName] = assignment.partOf === 'broker' ? [referenceParts, 'referenceParts'] : [referenceCoordinatorParts, 'referenceCoordinatorParts'];
    expect(Object.keys(parts)).toContain(assignment.part);
    expect(starter).toContain(`TODO(assignment ${assignment.number})`);
    expect(starter).toMatch(new RegExp(`\\{ \\.\\.\\.${partsName}, ${assignment.part} \\}`));
    expect(starter).toContain("from 'kcheck'");
    expect(starter).not.toMatch(/from '\.\.?\//); // copied out of the checkout, it imports nothing by a relative path
    for (const file of ['package.json', 'tsconfig.json']) expect(existsSync(join(folder, 'starter', file))).toBe(true);
  });

  it('numbers the assignments 1..5, one folder each, none a placeholder', () => {
    expect(ASSIGNMENTS.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    for (const assignment of ASSIGNMENTS) expect(readFileSync(join('assignments', assignment.folder, 'README.md'), 'utf8')).not.toMatch(/no grade yet/i);
  });
});
