// `npm start`: build what is stale (client, then server), then run the server, which migrates the
// database, seeds the demo clinic into an empty development database, and only then listens.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, root } from './ensure-built.mjs';

if (!ensureBuilt(['client', 'server'])) {
  console.error('Not starting: fix the build error above, then run npm start again.');
  process.exit(1);
}

// Run in this process, so SIGTERM/SIGINT reach the server's graceful shutdown directly.
await import(pathToFileURL(path.join(root, 'server/dist/main.js')).href);
