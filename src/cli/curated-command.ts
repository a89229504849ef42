/**
 * `kcheck check --curated DIR` (= `npm run profiles`): writes each curated profile's properties files into
 * DIR/<name>/, checks them exactly as `kcheck check --producer-config … --broker-config …` would, and writes the
 * profile (profile.md, profile.json), each violation's trace, explanation and viewer, and an index README.md.
 * Deterministic for a seed: regenerating with nothing changed leaves every file as it was.
 */
import { join, relative } from 'node:path';
import { KcheckInputError } from '../input-error.ts';
import { mdCell } from '../explain/markdown-text.ts';
import { CURATED_PROFILES, type CuratedProfile } from '../profile/curated-profiles.ts';
import { profileJson, profileMarkdown, type FilesOf } from '../profile/profile-report.ts';
import { DEFAULT_PROFILE_BUDGET, profileExitCode, type CheckOne, type Profile } from '../profile/run-profile.ts';
import { writeReport } from './flags.ts';
import { CONFIGURATION_FLAGS, PROFILE_ONLY_FLAGS, readProfileInput, runProfileInput, writeViolationFiles } from './profile-command.ts';

function indexMarkdown(dir: string, profiles: ReadonlyArray<{ curated: CuratedProfile; profile: Profile }>): string {
  const rows = profiles.map(({ curated, profile }) => {
    const violated = profile.verdicts.filter((v) => v.verdict !== 'holds').map((v) => v.guarantee.name);
    return `| [${mdCell(curated.title)}](${curated.name}/profile.md) | ${mdCell(curated.why)} | ${profile.verdicts.length - violated.length} of ${profile.verdicts.length} | ${violated.join(', ') || '—'} |`;
  });
  return [
    '# Curated guarantee profiles',
    '',
    'What a few common Kafka configurations guarantee, as `kcheck check` answers for a team’s own properties files: each',
    'folder holds the `producer.properties` and `server.properties` checked, the profile (`profile.md`, `profile.json`),',
    'and for each violation its replayable trace (`.json`), explanation (`.md`) and step-through viewer (`.html`).',
    `Budget: ${DEFAULT_PROFILE_BUDGET.runs} schedules per guarantee, seed 1, the default fault model (crash, power-loss, pause,`,
    'partition, message-loss; at most 2 of 3 brokers impaired at once).',
    '',
    'Regenerate them all (deterministic: with nothing changed, the files stay as they are):',
    '',
    '```sh',
    `npm run profiles        # = npx kcheck check --curated ${dir}`,
    '```',
    '',
    'Check one again by hand, e.g. `npx kcheck check --producer-config reports/profiles/acks1-for-speed/producer.properties --broker-config reports/profiles/acks1-for-speed/server.properties`.',
    '',
    '| profile | what | guarantees held | violated |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Refuses what --curated cannot take: each curated profile states its own configuration. */
export function refuseFlagsWithCurated(values: Record<string, unknown>): void {
  const stray = [...CONFIGURATION_FLAGS, ...PROFILE_ONLY_FLAGS, 'property', 'path'].find((f) => values[f] !== undefined);
  if (stray) throw new KcheckInputError('usage', `--${stray} does not go with --curated: each curated profile states its own configuration`);
}

export async function curatedCommand(dir: string, values: { runs?: string; seed?: string }, check: CheckOne, broker: string): Promise<number> {
  const done: Array<{ curated: CuratedProfile; profile: Profile }> = [];
  let failed = 0;
  for (const curated of CURATED_PROFILES) {
    const folder = join(dir, curated.name);
    const producerFile = join(folder, 'producer.properties');
    const serverFile = join(folder, 'server.properties');
    writeReport(producerFile, curated.producer);
    writeReport(serverFile, curated.server);
    const input = readProfileInput({ 'producer-config': producerFile, 'broker-config': serverFile, ...(values.runs !== undefined ? { runs: values.runs } : {}), ...(values.seed !== undefined ? { seed: values.seed } : {}) });
    const profile = await runProfileInput(input, check, broker, `${curated.name} `);
    const written = writeViolationFiles(profile, folder, (v) => v.guarantee.name);
    const filesOf: FilesOf = (v) => written.get(v);
    writeReport(join(folder, 'profile.json'), `${JSON.stringify(profileJson(profile, filesOf), null, 2)}\n`);
    writeReport(join(folder, 'profile.md'), profileMarkdown(profile, filesOf, `${curated.title}: guarantee profile`, (p) => relative(folder, p)));
    const violated = profile.verdicts.filter((v) => v.verdict !== 'holds').map((v) => v.guarantee.name);
    if (profile.verdicts.some((v) => v.verdict === 'broker-failed')) failed++;
    console.log(`${curated.name.padEnd(20)} ${profile.verdicts.length - violated.length} of ${profile.verdicts.length} hold${violated.length > 0 ? `; violated: ${violated.join(', ')}` : ''} (exit ${profileExitCode(profile)})`);
    done.push({ curated, profile });
  }
  writeReport(join(dir, 'README.md'), indexMarkdown(dir, done));
  console.log(`index: ${join(dir, 'README.md')}`);
  // A violated guarantee is what a curated profile is there to show; only a broken broker fails the command.
  return failed === 0 ? 0 : 1;
}
