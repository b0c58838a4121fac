// Builds the server (tsc) and the web app (vite) only when their sources are newer
// than the last build, so `npm start` is quick on the second run.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
function stamp(name) {
  const p = path.join(root, 'dist', name);
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
const force = process.argv.includes('--force');

const serverSrc = Math.max(newest(path.join(root, 'src')), statSync(path.join(root, 'tsconfig.json')).mtimeMs);
if (force || serverSrc > stamp('.server-stamp')) {
  console.log('building server…');
  run('npx tsc -p tsconfig.json');
  writeFileSync(path.join(root, 'dist', '.server-stamp'), '');
}
const webDir = path.join(root, 'src', 'web');
if (existsSync(path.join(webDir, 'index.html'))) {
  const webSrc = Math.max(
    newest(webDir),
    newest(path.join(root, 'src', 'shared')),
    // The web app bundles the auction domain's pure rules too (the Dutch clock).
    newest(path.join(root, 'src', 'modules', 'auctions', 'domain')),
  );
  if (force || webSrc > stamp('.web-stamp')) {
    console.log('building web app…');
    run('npx vite build --config src/web/vite.config.ts --logLevel warn');
    writeFileSync(path.join(root, 'dist', '.web-stamp'), '');
  }
}
