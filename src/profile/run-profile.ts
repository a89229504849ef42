/**
 * Runs a configuration's guarantee profile: each guarantee (properties/guarantees.ts) checked as a claim under the
 * configuration's settings and the chosen fault model, holds (no violation within the budget) or violated (a shrunk
 * counterexample). The claims are checked by the caller's `check` — the command's single call site, so a broker
 * under test runs however that call runs it; this module only says what to check and reads the answers.
 */
import type { ClaimResult } from '../properties/check-claim.ts';
import type { Claim, ClaimBudget } from '../properties/claims/claim.ts';
import { GUARANTEES, guaranteeClaim, type Guarantee, type GuaranteeName } from '../properties/guarantees.ts';
import type { CheckSettings, FaultKind } from '../properties/settings.ts';
import { appliedSteps } from '../properties/runner/run-state.ts';
import type { ResolvedConfig } from './resolve-config.ts';

/** The user's names of the fault kinds, as `--faults` takes them. */
export const FAULT_NAMES: Readonly<Record<FaultKind, string>> = {
  crash: 'crash',
  powerLoss: 'power-loss',
  pause: 'pause',
  partition: 'partition',
  messageLoss: 'message-loss',
  powerOutage: 'power-outage',
};

export interface FaultModel {
  faults: FaultKind[];
  impairedBrokersMax: number;
}

/** Every single-broker fault, at most 2 of the 3 brokers impaired at once: a broker may fail while another is down. */
export const DEFAULT_FAULT_MODEL: FaultModel = { faults: ['crash', 'powerLoss', 'pause', 'partition', 'messageLoss'], impairedBrokersMax: 2 };
export const DEFAULT_PROFILE_BUDGET: ClaimBudget = { runs: 1_000, stepsMax: 40 };

export type CheckOne = (claim: Claim, onRun: (runsDone: number) => void) => ClaimResult | Promise<ClaimResult>;

/** `liveness`: a run did not converge after repair; `vacuous`: too few runs made progress to mean it held. */
export type Verdict = 'holds' | 'violated' | 'broker-failed' | 'liveness' | 'vacuous';

export interface GuaranteeVerdict {
  guarantee: Guarantee;
  claim: Claim;
  required: boolean;
  verdict: Verdict;
  result: ClaimResult;
  /** The fault kinds the shrunk counterexample uses (user's names), for a violation. */
  witnessFaults?: string[];
}

export interface Profile {
  config: ResolvedConfig;
  settings: CheckSettings;
  faultModel: FaultModel;
  budget: ClaimBudget;
  seed: number;
  broker: string;
  verdicts: GuaranteeVerdict[];
}

export interface ProfileRequest {
  config: ResolvedConfig;
  faultModel: FaultModel;
  budget: ClaimBudget;
  seed: number;
  broker: string;
  /** The guarantees whose violation fails the profile (exit 1). */
  required: ReadonlySet<GuaranteeName>;
  /** Check only these (a `--path` replays one guarantee's counterexample); all when absent. */
  only?: GuaranteeName;
  check: CheckOne;
  onRun?: (guarantee: GuaranteeName, runsDone: number) => void;
}

const STEP_FAULTS: Readonly<Record<string, FaultKind>> = { crash: 'crash', powerLoss: 'powerLoss', pause: 'pause', partition: 'partition', drop: 'messageLoss' };

/** Which fault kinds the counterexample's fault phase applied (a power loss of every broker is an outage). */
function faultsOf(result: ClaimResult): string[] {
  const applied = (result.counterexample?.run.executed ?? []).filter((e) => e.phase === 'faults').flatMap(appliedSteps);
  const kinds = new Set<FaultKind>();
  for (const step of applied) {
    const kind = STEP_FAULTS[step.type];
    if (kind) kinds.add(kind === 'powerLoss' && !result.claim.settings.faults.includes('powerLoss') ? 'powerOutage' : kind);
  }
  return [...kinds].map((k) => FAULT_NAMES[k]);
}

function verdictOf(result: ClaimResult): Verdict {
  switch (result.outcome) {
    case 'holds':
      return 'holds';
    case 'violated':
      return 'violated';
    case 'broker-failed':
      return 'broker-failed';
    case 'liveness':
      return 'liveness';
    case 'vacuous':
      return 'vacuous';
    case 'witnessed':
    case 'not-witnessed':
      throw new Error(`a guarantee is an always claim, got ${result.outcome}`);
    default: {
      const unknown: never = result.outcome;
      throw new Error(`unknown outcome ${String(unknown)}`);
    }
  }
}

export async function runProfile(request: ProfileRequest): Promise<Profile> {
  const settings: CheckSettings = { ...request.config.settings, ...request.faultModel };
  const verdicts: GuaranteeVerdict[] = [];
  const checked = GUARANTEES.filter((g) => !request.only || g.name === request.only).map((guarantee) => ({ guarantee, claim: guaranteeClaim(guarantee, settings, request.budget) }));
  // A check that runs in a worker thread returns a promise at once: they all run together (as many as there are
  // workers), and are taken in the guarantees' order, so the profile is the same whatever the number of workers.
  const results = checked.map(({ guarantee, claim }) => request.check(claim, (n) => request.onRun?.(guarantee.name, n)));
  for (const [i, { guarantee, claim }] of checked.entries()) {
    const result = await results[i]!;
    const verdict = verdictOf(result);
    verdicts.push({ guarantee, claim, required: request.required.has(guarantee.name), verdict, result, ...(result.counterexample ? { witnessFaults: faultsOf(result) } : {}) });
  }
  return { config: request.config, settings, faultModel: request.faultModel, budget: request.budget, seed: request.seed, broker: request.broker, verdicts };
}

/** 0 when every required guarantee checked holds, 1 when one is violated (or the broker failed, a run did not
 * converge, or the runs were vacuous). */
export function profileExitCode(profile: Profile): 0 | 1 {
  return profile.verdicts.some((v) => v.required && v.verdict !== 'holds') ? 1 : 0;
}
