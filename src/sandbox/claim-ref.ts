/**
 * A claim by reference, and the claim again from it: its judging functions are code, which crosses neither to a
 * worker thread nor into a shard file. A catalogue claim keeps the settings it was checked under.
 */
import { claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { GUARANTEE_CLAIM_ID, guaranteeClaim, guaranteeNamed } from '../properties/guarantees.ts';
import { matrixCells } from '../properties/matrix/grid.ts';
import { traceClaim } from '../properties/trace/trace-claim.ts';
import type { ClaimRef } from './protocol.ts';

/** The reference of a catalogue claim or a profile's guarantee. */
export function claimRefOf(claim: Claim): ClaimRef {
  return claim.id === GUARANTEE_CLAIM_ID
    ? { source: 'guarantee', name: claim.name, settings: claim.settings, budget: claim.budget }
    : { source: 'catalogue', name: claim.name, settings: claim.settings };
}

/** What a reference names, for messages. */
export function claimRefName(ref: ClaimRef): string {
  return ref.source === 'matrix' ? ref.cellId : ref.source === 'trace' ? ref.trace.claim.name : ref.name;
}

/** The claim a reference names; undefined when this kcheck has none of that name. */
export function claimOfRef(ref: ClaimRef): Claim | undefined {
  switch (ref.source) {
    case 'catalogue': {
      const claim = claimNamed(ref.name);
      return claim && { ...claim, settings: ref.settings };
    }
    case 'guarantee': {
      const guarantee = guaranteeNamed(ref.name);
      return guarantee && guaranteeClaim(guarantee, ref.settings, ref.budget);
    }
    case 'trace':
      return { ...traceClaim(ref.trace), settings: ref.trace.settings };
    case 'matrix':
      return matrixCells().find((c) => c.id === ref.cellId)?.claim;
    default: {
      const never: never = ref;
      throw new Error(`unknown claim reference ${JSON.stringify(never)}`);
    }
  }
}
