// Entry of a sandbox's child process (process-sandbox.ts): TypeScript through tsx, then the host (process-host.ts),
// which opens the broker in a worker thread of its own.
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
await import('./process-host.ts');
