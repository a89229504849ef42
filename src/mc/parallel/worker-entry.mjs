// Entry of a parallel search's worker thread: TypeScript through tsx (as bin/kcheck.js and the sandbox's workers
// run it), then the worker itself (search-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./search-worker.ts');
