// `npm start`: build what is out of date, then run the server IN THIS PROCESS, so
// that signals sent to `npm start` (SIGTERM, SIGINT) reach the server directly and
// it can shut down gracefully (no intermediate shell that would swallow them).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit', cwd: root });
await import(pathToFileURL(path.join(root, 'dist', 'server.js')).href);
