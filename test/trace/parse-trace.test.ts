/**
 * Trace format v1 is read strictly (docs/trace-format.md): every example trace reads back as it was written,
 * and every malformed trace is refused with one line naming the file, the JSON path and what is wrong — which
 * `kcheck replay` turns into exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay-command.ts';
import { isKcheckInputError } from '../../src/input-error.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { traceJson } from '../../src/properties/trace/trace.ts';
import { editedTrace, exampleText, exampleTraceFiles, runCommand, type TraceEdit } from './trace-kit.ts';

function refusal(text: string): string {
  try {
    parseTrace(text, 'bad.json');
  } catch (error) {
    if (isKcheckInputError(error)) return error.message;
    throw error;
  }
  throw new Error('the trace was accepted');
}

describe('parseTrace reads what buildTrace writes', () => {
  it.each(exampleTraceFiles())('%s round-trips byte for byte', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(traceJson(parseTrace(text, file))).toBe(text);
  });
});

describe('a malformed trace gets one line naming where and what', () => {
  const acks1 = (edit: TraceEdit) => editedTrace('acks1-loss', edit);
  it.each([
    ['truncated JSON', exampleText('acks1-loss').slice(0, 300), /^trace: bad\.json is not valid JSON: /],
    ['not an object', '[1, 2]', /^trace: bad\.json: top level: a trace must be an object/],
    ['another format', acks1((t) => (t.format = 'kcheck-history')), /^trace: bad\.json: format: must be "kcheck-trace", got "kcheck-history"$/],
    ['wrong version', acks1((t) => (t.version = 2)), /^trace: bad\.json: version: must be 1 \(the only trace version this kcheck reads\), got 2$/],
    ['an unknown field', acks1((t) => (t.comment = 'hi')), /^trace: bad\.json: top level: unknown field "comment"/],
    ['a missing field', acks1((t) => delete t.schedule), /^trace: bad\.json: top level: missing field "schedule"$/],
    ['unknown step type', acks1((t) => (t.schedule[1] = { type: 'teleport', node: 'b0' })), /^trace: bad\.json: schedule\[1\]\.type: unknown step type "teleport"; a step is one of send, poll, /],
    ['an unknown field in a step', acks1((t) => (t.schedule[2].why = 'because')), /^trace: bad\.json: schedule\[2\]: unknown field "why"/],
    ['an empty controller id', acks1((t) => (t.controller = '')), /^trace: bad\.json: controller: must not be empty$/],
    ['a step naming an unknown broker', acks1((t) => (t.schedule[2].node = 'b5')), /^trace: bad\.json: schedule\[2\]\.node: unknown broker "b5"; this cluster has b0, b1, b2$/],
    ['a send to a producer the cluster lacks', acks1((t) => (t.schedule[0].producer = 'producer3')), /^trace: bad\.json: schedule\[0\]\.producer: unknown producer "producer3"; this cluster has producer0$/],
    ['a fault aimed at the controller', acks1((t) => (t.schedule[2].node = 'controller')), /^trace: bad\.json: schedule\[2\]\.node: controller is a controller; this step needs a broker or producer or consumer$/],
    ['a send naming a broker', acks1((t) => (t.schedule[0].producer = 'b0')), /^trace: bad\.json: schedule\[0\]\.producer: b0 is a broker; this step needs a producer$/],
    ['a negative duration', acks1((t) => (t.schedule[1].ms = -5)), /^trace: bad\.json: schedule\[1\]\.ms: must be between 0 and 3600000, got -5$/],
    ['a recorded step on a node the cluster lacks', acks1((t) => (t.steps[3].step.node = 'b3')), /^trace: bad\.json: steps\[3\]\.step\.node: unknown broker "b3"/],
    ['a label that does not say its step', acks1((t) => (t.steps[3].label = 'crash b1')), /^trace: bad\.json: steps\[3\]\.label: "crash b1" does not describe the step; it must read "crash b0", optionally followed by " \(…\)"$/],
    ['steps out of order', acks1((t) => (t.steps[2].index = 7)), /^trace: bad\.json: steps\[2\]\.index: must be 2/],
    ['an observation of another partition', acks1((t) => (t.steps[1].observations[0].partition = 4)), /^trace: bad\.json: steps\[1\]\.observations\[0\]\.partition: must be between 0 and 0, got 4$/],
    ['settings Kafka rejects', acks1((t) => (t.settings.enableIdempotence = true)), /^trace: bad\.json: settings: give no valid cluster: producers\[0\]\.enableIdempotence requires acks "all"/],
    ['a setting of the wrong type', acks1((t) => (t.settings.partitions = '1')), /^trace: bad\.json: settings\.partitions: must be a whole number, got "1"$/],
    ['a config that is not the settings\' config', acks1((t) => (t.config.replicaLagTimeMaxMs = 4000)), /^trace: bad\.json: config\.replicaLagTimeMaxMs: is 4000, but the settings give 5000 \(kcheck derives the cluster from "settings"; edit those\)$/],
    ['a violation the property does not judge', acks1((t) => (t.violation.anomaly = 'duplicate')), /^trace: bad\.json: violation\.anomaly: duplicate is not a kind the property judges \(claim\.judges: lost-write\)$/],
    ['a violation of another property', acks1((t) => (t.violation.property = 'acks0-loss')), /^trace: bad\.json: violation\.property: must be the claim's name "acks1-loss"/],
    ['a path that is not fast-check\'s', acks1((t) => (t.path = 'left:right')), /^trace: bad\.json: path: must be fast-check's replay path/],
  ])('%s', (_, text, message) => {
    const reason = refusal(text);
    expect(reason).toMatch(message);
    expect(reason).not.toContain('\n');
  });
});

describe('kcheck replay on bad input exits 2 with one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcheck-bad-trace-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  it.each([
    ['truncated.json', exampleText('acks1-loss').slice(0, 120), /is not valid JSON/],
    ['version.json', editedTrace('acks1-loss', (t) => (t.version = 0)), /version: must be 1/],
    ['step-type.json', editedTrace('acks1-loss', (t) => (t.schedule[0].type = 'produce')), /schedule\[0\]\.type: unknown step type "produce"/],
    ['b5.json', editedTrace('acks1-loss', (t) => (t.schedule[2].node = 'b5')), /schedule\[2\]\.node: unknown broker "b5"/],
    ['producer3.json', editedTrace('acks1-loss', (t) => (t.schedule[0].producer = 'producer3')), /unknown producer "producer3"/],
  ])('%s', async (name, text, message) => {
    const outcome = await runCommand(replayCommand, [file(name, text)]);
    expect(outcome.code).toBe(2);
    expect(outcome.err).toMatch(message);
    expect(outcome.err.split('\n')).toHaveLength(1);
  });

  it('a file that cannot be read', async () => {
    const outcome = await runCommand(replayCommand, [join(dir, 'missing.json')]);
    expect(outcome).toMatchObject({ code: 2, err: expect.stringMatching(/^kcheck: trace: cannot read .*missing\.json: ENOENT/) });
  });

  it('no TRACE, or two', async () => {
    expect((await runCommand(replayCommand, [])).err).toBe('kcheck: usage: kcheck replay takes one TRACE, got none');
    expect((await runCommand(replayCommand, ['a.json', 'b.json'])).code).toBe(2);
  });
});
