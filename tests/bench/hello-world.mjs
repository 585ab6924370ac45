/**
 * The yardstick of the HTTP benchmark (tests/bench/http-bench.ts): a bare Express 5 app with one JSON
 * route, nothing else (no middleware, no ETag). Run it as its own process, as the real server runs:
 *
 *   node tests/bench/hello-world.mjs <port>      → prints "listening <port>" when ready
 *
 * GET /hello answers {"hello":"world"}. Stops on SIGTERM/SIGINT.
 */
import express from 'express';

const port = Number(process.argv[2] ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: node tests/bench/hello-world.mjs <port>  (got ${process.argv[2]})`);
  process.exit(2);
}

const app = express();
app.set('etag', false);
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});

const server = app.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});
server.on('error', (err) => {
  console.error(err.message);
  process.exit(1);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
