/**
 * `kcheck check` without `--property`: the guarantee profile of the configuration given by flags, Kafka
 * properties files and `--set`. Reads and validates every input before anything runs (exit 2, one line), checks
 * each guarantee through the command's single claim-checking call, prints the profile (or its JSON), writes each
 * violation's trace, explanation and viewer under reports/runs/, and the Markdown with --md. Exit 0 when every
 * required guarantee holds, 1 when one is violated.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { KcheckInputError } from '../input-error.ts';
import { GUARANTEE_NAMES, type GuaranteeName } from '../properties/guarantees.ts';
import { CHECK_BROKERS, type FaultKind } from '../properties/settings.ts';
import { writeCounterexampleFiles } from '../explain/counterexample-files.ts';
import { parseProperties } from '../profile/properties-file.ts';
import { profileJson, profileMarkdown, profileText, type FilesOf, type ViolationFiles } from '../profile/profile-report.ts';
import { fileAssignments, resolveConfig, setAssignment, type Assignment, type ResolvedConfig } from '../profile/resolve-config.ts';
import { DEFAULT_FAULT_MODEL, DEFAULT_PROFILE_BUDGET, FAULT_NAMES, profileExitCode, runProfile, type CheckOne, type FaultModel, type GuaranteeVerdict, type Profile } from '../profile/run-profile.ts';
import type { Scope } from '../profile/modelled-keys.ts';
import { PARTITIONS_MAX, REPLICATION_FACTOR } from '../profile/modelled-keys.ts';
import { nameListFlag } from './bounded-flags.ts';
import { boundedNumberFlag as boundedWholeNumberFlag, FLAG_MAX } from './flags.ts';
import { choiceFlag, onOffFlag, progressLine, writeReport } from './flags.ts';
import { RUNS_DIR } from './trace-files.ts';

/** The flags that say what configuration to check: refused together with `--property` (a claim has its own). */
export const CONFIGURATION_FLAGS = ['acks', 'min-isr', 'unclean', 'partitions', 'idempotence', 'producer-config', 'broker-config', 'topic-config', 'set', 'faults', 'impaired'] as const;
/** Flags of the profile's output and exit code, meaningless for a claim. */
export const PROFILE_ONLY_FLAGS = ['profile', 'require', 'json', 'md'] as const;

export const PROFILE_OPTIONS = {
  'producer-config': { type: 'string' },
  'broker-config': { type: 'string' },
  'topic-config': { type: 'string' },
  set: { type: 'string', multiple: true },
  faults: { type: 'string' },
  impaired: { type: 'string' },
  require: { type: 'string' },
  json: { type: 'boolean' },
  md: { type: 'string' },
} as const;

export const RUNS_MAX = FLAG_MAX.runs;
export const SEED_MAX = FLAG_MAX.seed;

export interface ProfileFlagValues {
  acks?: string;
  'min-isr'?: string;
  unclean?: string;
  partitions?: string;
  idempotence?: string;
  'producer-config'?: string;
  'broker-config'?: string;
  'topic-config'?: string;
  set?: string[];
  faults?: string;
  impaired?: string;
  require?: string;
  json?: boolean;
  md?: string;
  profile?: boolean;
  runs?: string;
  seed?: string;
  path?: string;
}

export interface ProfileInput {
  config: ResolvedConfig;
  faultModel: FaultModel;
  runs: number;
  seed: number;
  required: Set<GuaranteeName>;
  only?: GuaranteeName;
  json: boolean;
  md?: string;
}

const FAULT_BY_NAME = new Map(Object.entries(FAULT_NAMES).map(([kind, name]) => [name, kind as FaultKind]));

function readConfigFile(scope: Scope, file: string): Assignment[] {
  let text: string;
  try {
    // Kafka loads its properties files with java.util.Properties.load(InputStream): ISO 8859-1.
    text = readFileSync(file, 'latin1');
  } catch (error) {
    throw new KcheckInputError('config', `cannot read ${file}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  return fileAssignments(scope, file, parseProperties(text, file));
}

/** The flags as the Kafka keys they stand for, after the usage checks the older flags always had. */
function flagAssignments(values: ProfileFlagValues): Assignment[] {
  const flag = (scope: Scope, key: string, value: string, text: string): Assignment => ({ scope, key, value, source: { kind: 'flag', text } });
  const assignments: Assignment[] = [];
  const acks = choiceFlag(values.acks, 'acks', ['0', '1', 'all'] as const);
  if (acks !== undefined) assignments.push(flag('producer', 'acks', acks, `--acks ${acks}`));
  const idempotence = onOffFlag(values.idempotence, 'idempotence');
  if (idempotence !== undefined) assignments.push(flag('producer', 'enable.idempotence', String(idempotence), `--idempotence ${values.idempotence}`));
  if (values['min-isr'] !== undefined) {
    const minIsr = boundedWholeNumberFlag(values['min-isr'], 'min-isr', 1, 1, REPLICATION_FACTOR);
    assignments.push(flag('topic', 'min.insync.replicas', String(minIsr), `--min-isr ${minIsr}`));
  }
  const unclean = onOffFlag(values.unclean, 'unclean');
  if (unclean !== undefined) assignments.push(flag('topic', 'unclean.leader.election.enable', String(unclean), `--unclean ${values.unclean}`));
  if (values.partitions !== undefined) {
    const partitions = boundedWholeNumberFlag(values.partitions, 'partitions', 1, 1, PARTITIONS_MAX);
    assignments.push(flag('topic', 'partitions', String(partitions), `--partitions ${partitions}`));
  }
  return assignments;
}

function readFaultModel(values: ProfileFlagValues): FaultModel {
  const faults = values.faults === undefined ? DEFAULT_FAULT_MODEL.faults : nameListFlag(values.faults, 'faults', [...FAULT_BY_NAME.keys()], { allowNone: true }).map((n) => FAULT_BY_NAME.get(n)!);
  const impairedBrokersMax = boundedWholeNumberFlag(values.impaired, 'impaired', DEFAULT_FAULT_MODEL.impairedBrokersMax, 0, CHECK_BROKERS);
  // An outage takes every broker at once: within a smaller budget each of its steps would be a silent no-op.
  if (faults.includes('powerOutage') && impairedBrokersMax < CHECK_BROKERS) throw new KcheckInputError('usage', `--faults power-outage cuts the power of all ${CHECK_BROKERS} brokers at once: give --impaired ${CHECK_BROKERS}`);
  return { faults, impairedBrokersMax };
}

/** Reads and checks everything the profile needs, in order of precedence: broker file, topic file, producer file,
 * each `--set`, then the flags (a later value of a key wins, as the profile's configuration lines show). */
export function readProfileInput(values: ProfileFlagValues): ProfileInput {
  const runs = boundedWholeNumberFlag(values.runs, 'runs', DEFAULT_PROFILE_BUDGET.runs, 1, RUNS_MAX);
  const seed = boundedWholeNumberFlag(values.seed, 'seed', 1, 0, SEED_MAX);
  const required = new Set<GuaranteeName>(values.require === undefined || values.require.trim() === 'all' ? GUARANTEE_NAMES : nameListFlag(values.require, 'require', GUARANTEE_NAMES));
  if (values.path !== undefined && required.size !== 1) throw new KcheckInputError('usage', '--path replays one counterexample: give --property, or --require with one guarantee');
  const faultModel = readFaultModel(values);
  const assignments = [
    ...(values['broker-config'] !== undefined ? readConfigFile('broker', values['broker-config']) : []),
    ...(values['topic-config'] !== undefined ? readConfigFile('topic', values['topic-config']) : []),
    ...(values['producer-config'] !== undefined ? readConfigFile('producer', values['producer-config']) : []),
    ...(values.set ?? []).map(setAssignment),
    ...flagAssignments(values),
  ];
  return {
    config: resolveConfig(assignments),
    faultModel,
    runs,
    seed,
    required,
    ...(values.path !== undefined ? { only: [...required][0]! } : {}),
    json: values.json === true,
    ...(values.md !== undefined ? { md: values.md } : {}),
  };
}

/** Refuses the profile's flags next to `--property NAME`: a claim is judged under its own settings and fault
 * budget, which its name and expectation state; a changed claim would be another property under the same name. */
export function refuseProfileFlagsWithProperty(values: Record<string, unknown>): void {
  const configuration = CONFIGURATION_FLAGS.find((f) => values[f] !== undefined);
  if (configuration) throw new KcheckInputError('usage', `--${configuration} does not go with --property: a claim runs under its own settings and fault budget; drop --property to check this configuration's guarantee profile`);
  const output = PROFILE_ONLY_FLAGS.find((f) => values[f] !== undefined);
  if (output) throw new KcheckInputError('usage', `--${output} is for a guarantee profile, not a claim: drop --property to check a configuration's profile`);
}

/** Writes each violation's trace, explanation and viewer into `dir` (named by `baseName`) and returns where. */
export function writeViolationFiles(profile: Profile, dir: string, baseName: (v: GuaranteeVerdict) => string): Map<GuaranteeVerdict, ViolationFiles> {
  const written = new Map<GuaranteeVerdict, ViolationFiles>();
  for (const v of profile.verdicts) if (v.result.counterexample) written.set(v, writeCounterexampleFiles(v.result, dir, baseName(v)));
  return written;
}

/** Runs the profile the input asks for, with a progress line on a terminal (`label` starts it). */
export async function runProfileInput(input: ProfileInput, check: CheckOne, broker: string, label = ''): Promise<Profile> {
  const progress = progressLine();
  const profile = await runProfile({
    config: input.config,
    faultModel: input.faultModel,
    budget: { ...DEFAULT_PROFILE_BUDGET, runs: input.runs },
    seed: input.seed,
    broker,
    required: input.required,
    ...(input.only ? { only: input.only } : {}),
    check,
    onRun: (name, n) => progress.update(`  ${label}${name}: run ${n}/${input.runs}`),
  });
  progress.done();
  return profile;
}

export async function profileCommand(input: ProfileInput, check: CheckOne, broker: string): Promise<number> {
  const profile = await runProfileInput(input, check, broker);
  const written = writeViolationFiles(profile, RUNS_DIR, (v) => `profile-${v.guarantee.name}-${profile.seed}`);
  const filesOf: FilesOf = (v) => written.get(v);
  console.log(input.json ? JSON.stringify(profileJson(profile, filesOf), null, 2) : profileText(profile, filesOf).join('\n'));
  if (input.md !== undefined) {
    const mdDir = dirname(input.md);
    writeReport(input.md, profileMarkdown(profile, filesOf, 'Guarantee profile', (p) => relative(mdDir, p) || join('.', p)));
    if (!input.json) console.log(`profile: ${input.md}`);
  }
  return profileExitCode(profile);
}
