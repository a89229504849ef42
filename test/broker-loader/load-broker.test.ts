/**
 * `--broker MODULE`: a module is checked for the BrokerLogic shape with a one-line reason; a broker that throws,
 * returns malformed outputs or livelocks the cluster is reported as a failure of that broker, with a trace,
 * never as a crash or a hang of kcheck.
 */
import { describe, expect, it } from 'vitest';
import { loadBroker } from '../../src/broker-loader/load-broker.ts';
import { KcheckInputError } from '../../src/input-error.ts';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';

const FIXTURES = 'test/fixtures/brokers';

describe('loadBroker', () => {
  it('loads the example broker from a .ts file (default export)', async () => {
    const broker = await loadBroker('examples/minimal-broker.ts');
    expect(broker.id).toMatch(/minimal/);
  });

  it.each([
    ['no/such/broker.ts', /^broker: cannot read no\/such\/broker\.ts: no such file$/],
    ['README.md', /^broker: README\.md: a broker module is a \.ts, \.mts, \.js, \.mjs file$/],
    [`${FIXTURES}/no-inspect.ts`, /^broker: test\/fixtures\/brokers\/no-inspect\.ts: the exported broker has no inspect function$/],
    ['src/version.ts', /^broker: src\/version\.ts exports no broker: export it as default or as `broker`$/],
  ])('rejects %s with one line', async (path, message) => {
    const error = await loadBroker(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KcheckInputError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('a failing broker is reported, not crashed on', () => {
  const claim = claimNamed('acks-all-durable')!;

  it.each([
    ['throws-on-fetch.ts', 'broker-fault', /broker "fixture:throws-on-fetch" on b\d: handle\(fetchRequest\) threw: cannot read properties/],
    ['malformed-output.ts', 'broker-fault', /handle\(produceRequest\): outputs\[\d+\] has an unknown type "reply"/],
    ['livelock.ts', 'step-budget-exceeded', /the step stopped after 20000 message deliveries/],
  ])('%s → %s', { timeout: 600_000 }, async (file, kind, message) => {
    const broker = await loadBroker(`${FIXTURES}/${file}`);
    const result = checkClaim(claim, { seed: 1, runs: 20, broker });
    expect(result.outcome).toBe('broker-failed');
    expect(result.asExpected).toBe(false);
    expect(result.counterexample!.finding).toMatchObject({ source: 'broker', kind });
    expect(result.counterexample!.finding.message).toMatch(message);
  });
});
