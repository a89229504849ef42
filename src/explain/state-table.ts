/**
 * The cluster after every step as a Markdown table, TLC-style: per broker its role and epoch, its log, LEO,
 * HW and (on a leader) the ISR; and the controller's leader, epoch and ISR. Runs of steps after the fault phase
 * that change nothing (convergence waiting on a timer) collapse into one row, so the table stays readable.
 */
import type { BrokerSnapshot, ClusterSnapshot } from '../properties/runner/snapshot.ts';
import { snapshotsOf, type ExplainedRun } from './explained-run.ts';
import { mdCell } from './markdown-text.ts';
import { shortValue } from './message-label.ts';

/** Records shown per log cell; a longer log shows its first and last ones. */
const LOG_VALUES_SHOWN_MAX = 8;

function logText(values: readonly string[]): string {
  const shown = values.length <= LOG_VALUES_SHOWN_MAX ? values : [...values.slice(0, 3), '…', ...values.slice(-(LOG_VALUES_SHOWN_MAX - 4))];
  return `[${shown.map(shortValue).join(' ')}]`;
}

export function brokerCell(broker: BrokerSnapshot, partition: number): string {
  if (broker.status === 'crashed') return 'crashed';
  const replica = broker.replicas.find((r) => r.partition === partition);
  if (!replica) return `${broker.status === 'paused' ? 'paused · ' : ''}—`;
  const role = replica.role === 'none' ? 'no role' : replica.role;
  const epoch = replica.leaderEpoch >= 0 ? ` e${replica.leaderEpoch}` : '';
  const isr = replica.role === 'leader' ? ` · ISR [${replica.isr.join(',')}]` : '';
  return `${broker.status === 'paused' ? 'paused · ' : ''}${role}${epoch} · ${logText(replica.values)} · LEO ${replica.values.length} · HW ${replica.highWatermark}${isr}`;
}

export function controllerCell(snapshot: ClusterSnapshot, partition: number): string {
  const registration = snapshot.controller.find((c) => c.partition === partition);
  if (!registration) return '—';
  const leader = registration.leader < 0 ? 'offline' : `b${registration.leader}`;
  return `${leader} · e${registration.leaderEpoch} · ISR [${registration.isr.join(',')}]`;
}

function stateCells(snapshot: ClusterSnapshot, partition: number): string[] {
  return [...snapshot.brokers.map((b) => brokerCell(b, partition)), controllerCell(snapshot, partition)];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function stateTable(view: ExplainedRun): string[] {
  const { snapshots } = snapshotsOf(view);
  const partitions = view.run.settings.partitions;
  const brokers = snapshots[0]?.brokers.map((b) => b.node) ?? [];
  const partitionColumn = partitions > 1;
  const header = ['step', 'phase', 'ran', 't (ms)', ...(partitionColumn ? ['p'] : []), ...brokers, 'controller'];
  const lines = [row(header), row(header.map(() => '---'))];
  let previous = '';
  let quiet: number[] = [];
  const flushQuiet = () => {
    if (quiet.length === 0) return;
    const first = quiet[0]!;
    const last = quiet.at(-1)!;
    const labels = new Set(quiet.map((i) => view.labels[i]));
    const ran = quiet.length === 1 ? view.labels[first]! : labels.size === 1 ? `${view.labels[first]} ×${quiet.length}` : `${quiet.length} steps`;
    const blank = Array.from({ length: brokers.length + (partitionColumn ? 1 : 0) }, () => '');
    lines.push(row([first === last ? `${first}` : `${first}–${last}`, view.run.executed[first]!.phase, mdCell(ran), `${view.run.executed[last]!.timeMs}`, ...blank, 'no change']));
    quiet = [];
  };
  view.run.executed.forEach((executed, i) => {
    const snapshot = snapshots[i]!;
    const perPartition = Array.from({ length: partitions }, (_, p) => stateCells(snapshot, p));
    const state = JSON.stringify(perPartition);
    const violating = view.finding?.step === i;
    if (state === previous && executed.phase !== 'faults' && executed.phase !== 'boot' && !violating) {
      quiet.push(i);
      return;
    }
    flushQuiet();
    previous = state;
    const ran = `${mdCell(view.labels[i]!)}${executed.noop ? ` (no-op: ${mdCell(executed.noop)})` : ''}${violating ? ` **✗ ${view.finding!.kind}**` : ''}`;
    perPartition.forEach((cells, p) => {
      const stepCells = p === 0 ? [violating ? `**${i}**` : `${i}`, executed.phase, ran, `${executed.timeMs}`] : ['', '', '', ''];
      lines.push(row([...stepCells, ...(partitionColumn ? [`p${p}`] : []), ...cells.map(mdCell)]));
    });
  });
  flushQuiet();
  return lines;
}
