/**
 * The model checker's system from plain options: a claim of the catalogue by name, with the settings the CLI
 * resolved, on the reference broker or a bug-zoo variant. `kcheck mc` builds its system here, and so does every
 * worker of a parallel search (src/mc/parallel/), from the same options sent to it, so all threads check the same
 * cluster. Validation with a user's words stays in the CLI; a name unknown here is a programming error.
 */
import { claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import type { CheckSettings } from '../properties/settings.ts';
import type { McSystem } from '../mc/mc-state.ts';
import type { BuiltMcSystem, McSystemSource } from '../mc/parallel/messages.ts';
import { zooEntry } from './registry.ts';

export interface McSystemOptions {
  /** A claim's name or id (catalogue.ts). */
  property: string;
  /** The claim's settings as the command line changed them; absent: the claim's own. */
  settings?: CheckSettings;
  /** A zoo entry id; absent: the reference broker. */
  variant?: string;
}

export function mcSystemOf(options: McSystemOptions): BuiltMcSystem {
  const named = claimNamed(options.property);
  if (!named) throw new Error(`model checker: no claim named ${JSON.stringify(options.property)}`);
  const entry = options.variant === undefined ? undefined : zooEntry(options.variant);
  if (options.variant !== undefined && !entry) throw new Error(`model checker: no zoo entry named ${JSON.stringify(options.variant)}`);
  const claim: Claim = { ...named, settings: options.settings ?? named.settings };
  const system: McSystem = { settings: claim.settings, ...(entry ? { broker: entry.broker, ...(entry.controller ? { controller: entry.controller } : {}) } : {}) };
  return { claim, system };
}

/** Where the threads of a parallel search get this system: this module, and the options. */
export function mcSystemSource(options: McSystemOptions): McSystemSource {
  return { module: import.meta.url, options };
}
