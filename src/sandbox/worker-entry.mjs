// Entry of a sandbox worker thread: TypeScript through tsx, the module hooks that let a broker module load from
// anywhere, then the worker itself (worker.ts).
import { register } from 'node:module';
import { URL } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register(new URL('./module-hooks.mjs', import.meta.url), { data: { kcheckEntryUrl: new URL('../index.ts', import.meta.url).href } });
await import('./worker.ts');
