// Which Node.js the npm scripts run on, and a stop when it is older than the project needs.
// npm puts node_modules/.bin first on a script's PATH, so on a machine whose own Node is older
// this is the Node 24 that `npm ci` installed (the `node` package, pinned in package-lock.json).
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const required = Number(/\d+/.exec(engines.node)?.[0]);
const major = Number(process.versions.node.split('.')[0]);

console.log(`vitrina: Node.js ${process.version} (${process.execPath})`);
if (major < required) {
  console.error(
    `vitrina: Node.js ${required} or newer is needed (package.json engines: ${engines.node}); ` +
      'run `npm ci` first: it installs Node 24 for the npm scripts.',
  );
  process.exit(1);
}
