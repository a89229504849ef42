// Module hooks of the sandbox worker (node:module register): a broker module loads from anywhere.
// - `kcheck` (and `kcheck/…` exports) resolve to the running kcheck, so a broker in a student's own folder can
//   `import { … } from 'kcheck'` without installing it there.
// - A .ts or .js file outside node_modules whose package scope does not say "type": "commonjs" loads as an ES
//   module: a lone broker.ts in a folder without package.json is ESM, as its `export` says.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let kcheckEntryUrl;
const scopeTypes = new Map();

export async function initialize(data) {
  kcheckEntryUrl = data.kcheckEntryUrl;
}

export async function resolve(specifier, context, nextResolve) {
  // Through the rest of the chain, not short-circuited: tsx's resolve must see the URL, or a kcheck installed under
  // node_modules (npm install kcheck) would be loaded as a plain .ts file, which Node refuses.
  if (specifier === 'kcheck') return nextResolve(kcheckEntryUrl, context);
  return nextResolve(specifier, context);
}

function packageType(dir) {
  if (scopeTypes.has(dir)) return scopeTypes.get(dir);
  const manifest = join(dir, 'package.json');
  let type;
  if (existsSync(manifest)) {
    try {
      type = JSON.parse(readFileSync(manifest, 'utf8')).type ?? 'none';
    } catch {
      type = 'none';
    }
  } else {
    const parent = dirname(dir);
    type = parent === dir ? 'none' : packageType(parent);
  }
  scopeTypes.set(dir, type);
  return type;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.(ts|js)$/.test(url.split('?')[0]) && !url.includes('/node_modules/')) {
    const path = fileURLToPath(url.split('?')[0]);
    if (packageType(dirname(path)) !== 'commonjs') return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}
