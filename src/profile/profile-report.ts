/**
 * A profile as people and scripts read it: the terminal text (configuration, a compact table, then each
 * violation's story), the JSON for scripts, and the Markdown for a design review. All three are deterministic
 * for a configuration, seed and broker: no timings.
 */
import { mdCell, mdText } from '../explain/markdown-text.ts';
import { buildTrace, traceStory } from '../properties/trace/trace.ts';
import { CHECK_BROKERS } from '../properties/settings.ts';
import { KCHECK_VERSION } from '../version.ts';
import { NOT_MODELLED } from './modelled-keys.ts';
import { FAULT_NAMES, profileExitCode, type FaultModel, type GuaranteeVerdict, type Profile } from './run-profile.ts';

/** The trace, explanation and viewer written for one violation, as the reader should find them. */
export interface ViolationFiles {
  json: string;
  md: string;
  html: string;
}

export type FilesOf = (verdict: GuaranteeVerdict) => ViolationFiles | undefined;

export const PROFILE_FORMAT = 'kcheck-profile';

const WRAP_WIDTH = 110;

export function faultModelText(model: FaultModel): string {
  const faults = model.faults.length === 0 ? 'no faults' : model.faults.map((f) => FAULT_NAMES[f]).join(', ');
  return `${faults}; at most ${model.impairedBrokersMax} of ${CHECK_BROKERS} brokers impaired at once`;
}

function verdictWord(v: GuaranteeVerdict): string {
  switch (v.verdict) {
    case 'holds':
      return 'holds';
    case 'violated':
      return 'VIOLATED';
    case 'broker-failed':
      return 'BROKER FAILED';
    case 'liveness':
      return 'LIVENESS';
    case 'vacuous':
      return 'VACUOUS';
    default: {
      const unknown: never = v.verdict;
      throw new Error(`unknown verdict ${String(unknown)}`);
    }
  }
}

function evidence(v: GuaranteeVerdict): string {
  if (v.verdict === 'holds') return `no violation in ${v.result.runs} schedules`;
  const ce = v.result.counterexample;
  if (!ce) return v.result.vacuity ?? v.result.brokerFailure ?? `no counterexample after ${v.result.runs} run(s)`;
  const faults = v.witnessFaults && v.witnessFaults.length > 0 ? v.witnessFaults.join(', ') : 'no fault';
  return `${ce.finding.kind} after ${v.result.runs} run(s); the shrunk witness injects ${faults}`;
}

function summaryLine(profile: Profile): string {
  const held = profile.verdicts.filter((v) => v.verdict === 'holds').length;
  const broken = profile.verdicts.filter((v) => v.verdict !== 'holds');
  const required = profile.verdicts.filter((v) => v.required).map((v) => v.guarantee.name);
  const requiredText = required.length === profile.verdicts.length ? 'all required' : `required: ${required.join(', ') || 'none'}`;
  const brokenText = broken.length === 0 ? '' : `; violated: ${broken.map((v) => v.guarantee.name).join(', ')}`;
  return `${held} of ${profile.verdicts.length} guarantees hold${brokenText} (${requiredText}) → exit ${profileExitCode(profile)}`;
}

function storyOf(v: GuaranteeVerdict): string[] {
  return traceStory(buildTrace(v.claim, v.result.counterexample!));
}

function configurationText(profile: Profile): string[] {
  const width = Math.max(...profile.config.lines.map((l) => `${l.key}=${l.value}`.length));
  const lines = profile.config.lines.map((l) => `  ${`${l.key}=${l.value}`.padEnd(width)}  ${l.source}${l.note ? `; ${l.note}` : ''}`);
  // Keys with a reason get a line each; the rest share wrapped lines.
  const explained = profile.config.notModelled.filter((k) => k.reason !== NOT_MODELLED).map((k) => `  ${k.key} (${k.source}): ${k.reason}`);
  const plain: string[] = [];
  for (const k of profile.config.notModelled.filter((k) => k.reason === NOT_MODELLED)) {
    const item = `${k.key} (${k.source})`;
    if (plain.length > 0 && plain.at(-1)!.length + item.length + 2 <= WRAP_WIDTH) plain[plain.length - 1] += `, ${item}`;
    else plain.push(`  ${item}`);
  }
  return [...lines, ...(explained.length + plain.length > 0 ? ['not modelled, ignored:', ...plain, ...explained] : [])];
}

/** What the terminal shows: the configuration, the fault model, the table, then each violation's story. */
export function profileText(profile: Profile, filesOf: FilesOf): string[] {
  const nameWidth = Math.max(...profile.verdicts.map((v) => v.guarantee.name.length));
  const table = profile.verdicts.map((v) => `${v.required ? ' ' : '·'} ${v.guarantee.name.padEnd(nameWidth)}  ${verdictWord(v).padEnd(8)}  ${evidence(v)}`);
  const stories = profile.verdicts
    .filter((v) => v.verdict !== 'holds' && v.result.counterexample)
    .flatMap((v) => {
      const ce = v.result.counterexample!;
      const files = filesOf(v);
      return [
        '',
        `${v.guarantee.name} ${verdictWord(v)}: ${v.guarantee.statement}`,
        ...storyOf(v).map((l) => `  ${l}`),
        `  {seed: ${ce.seed}, path: "${ce.path}"}`,
        ...(files ? [`  trace: ${files.json}  explained: ${files.md}  viewer: ${files.html}`, `  replay: npx kcheck replay ${files.json}`] : []),
      ];
    });
  return [
    `kcheck guarantee profile (Kafka 4.0 rules; ${profile.broker} broker; seed ${profile.seed})`,
    'configuration:',
    ...configurationText(profile),
    `cluster: ${CHECK_BROKERS} brokers, one topic with replication factor ${CHECK_BROKERS}; kcheck's shorter timeouts (docs/verification.md §5)`,
    `faults: ${faultModelText(profile.faultModel)}`,
    `budget: ${profile.budget.runs} schedules per guarantee, at most ${profile.budget.stepsMax} steps each`,
    '',
    ...table,
    ...(profile.verdicts.some((v) => !v.required) ? ['(· not required: reported, does not decide the exit code)'] : []),
    ...stories,
    '',
    summaryLine(profile),
  ];
}

export function profileJson(profile: Profile, filesOf: FilesOf): object {
  return {
    format: PROFILE_FORMAT,
    version: 1,
    kcheckVersion: KCHECK_VERSION,
    kafkaRules: '4.0',
    broker: profile.broker,
    seed: profile.seed,
    configuration: profile.config.lines,
    notModelled: profile.config.notModelled,
    settings: profile.settings,
    faultModel: { faults: profile.faultModel.faults.map((f) => FAULT_NAMES[f]), impairedBrokersMax: profile.faultModel.impairedBrokersMax },
    budget: profile.budget,
    guarantees: profile.verdicts.map((v) => {
      const ce = v.result.counterexample;
      const files = filesOf(v);
      return {
        name: v.guarantee.name,
        statement: v.guarantee.statement,
        required: v.required,
        verdict: v.verdict,
        runs: v.result.runs,
        progress: v.result.progress,
        ...(ce
          ? {
              violation: {
                finding: ce.finding.kind,
                step: ce.finding.step,
                message: ce.finding.message,
                ...(ce.cause ? { cause: ce.cause } : {}),
                witnessFaults: v.witnessFaults ?? [],
                story: storyOf(v),
                seed: ce.seed,
                path: ce.path,
                ...(files ? { files } : {}),
              },
            }
          : {}),
      };
    }),
    summary: {
      held: profile.verdicts.filter((v) => v.verdict === 'holds').map((v) => v.guarantee.name),
      violated: profile.verdicts.filter((v) => v.verdict !== 'holds').map((v) => v.guarantee.name),
      required: profile.verdicts.filter((v) => v.required).map((v) => v.guarantee.name),
      exitCode: profileExitCode(profile),
    },
  };
}

/** The profile for a design review; `link` turns a file path into the link the Markdown should hold. */
export function profileMarkdown(profile: Profile, filesOf: FilesOf, title: string, link: (path: string) => string = (p) => p): string {
  const configuration = profile.config.lines.map((l) => `| \`${l.key}\` | ${mdCell(l.value)} | ${mdCell(l.source)} | ${mdCell(l.note ?? '')} |`);
  const notModelled = profile.config.notModelled.map((k) => `| \`${k.key}\` | ${mdCell(k.source)} | ${mdCell(k.reason)} |`);
  const table = profile.verdicts.map((v) => `| ${v.guarantee.name} | ${v.required ? 'yes' : 'no'} | **${verdictWord(v)}** | ${mdCell(evidence(v))} |`);
  const stories = profile.verdicts
    .filter((v) => v.verdict !== 'holds' && v.result.counterexample)
    .flatMap((v) => {
      const ce = v.result.counterexample!;
      const files = filesOf(v);
      return [
        `### ${v.guarantee.name}: ${verdictWord(v).toLowerCase()}`,
        '',
        `> ${mdText(v.guarantee.statement)}`,
        '',
        '```',
        ...storyOf(v),
        '```',
        '',
        `fast-check: seed ${ce.seed}, path \`${ce.path}\`${files ? ` · [trace](${link(files.json)}) · [explained](${link(files.md)}) · [viewer](${link(files.html)}) · replay: \`npx kcheck replay ${files.json}\`` : ''}`,
        '',
      ];
    });
  return [
    `# ${mdText(title)}`,
    '',
    `kcheck's guarantee profile of this configuration: Kafka 4.0's rules and defaults, ${CHECK_BROKERS} brokers, one topic with replication factor ${CHECK_BROKERS}, the ${mdText(profile.broker)} broker, seed ${profile.seed}. A guarantee **holds** when no schedule of the budget violates it; **violated** comes with the shrunk schedule that does.`,
    '',
    `${summaryLine(profile)}.`,
    '',
    '| guarantee | required | verdict | evidence |',
    '| --- | --- | --- | --- |',
    ...table,
    '',
    `- faults: ${mdText(faultModelText(profile.faultModel))}`,
    `- budget: ${profile.budget.runs} schedules per guarantee, at most ${profile.budget.stepsMax} steps each; kcheck's shorter timeouts (docs/verification.md §5)`,
    '',
    '## Configuration',
    '',
    '| key | value | from | kcheck |',
    '| --- | --- | --- | --- |',
    ...configuration,
    '',
    ...(notModelled.length > 0 ? ['Not modelled, ignored:', '', '| key | from | why |', '| --- | --- | --- |', ...notModelled, ''] : []),
    ...(stories.length > 0 ? ['## Violations', '', ...stories] : []),
  ].join('\n');
}
