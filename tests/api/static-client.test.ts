import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../server/src/http/accept-encoding';
import { clientRoutes } from '../../server/src/http/static-client';

// A built client in miniature: a hashed script with .br/.gz siblings (as client/vite.config.ts
// writes them), a stylesheet with only .gz, a public file with siblings, and index.html.
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;
const style = `.worklist { color: teal; }\n`.repeat(50);
const favicon = `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(100)}</svg>`;

let dist: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-static-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  const write = (rel: string, body: string, encodings: Array<'br' | 'gz'>) => {
    fs.writeFileSync(path.join(dist, rel), body);
    if (encodings.includes('br'))
      fs.writeFileSync(path.join(dist, `${rel}.br`), zlib.brotliCompressSync(body));
    if (encodings.includes('gz')) fs.writeFileSync(path.join(dist, `${rel}.gz`), zlib.gzipSync(body));
  };
  write('assets/index-abc123.js', script, ['br', 'gz']);
  write('assets/index-abc123.css', style, ['gz']);
  write('favicon.svg', favicon, ['br', 'gz']);

  const app = express();
  app.use(clientRoutes(dist));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dist, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request without any automatic decompression, so the bytes on the wire can be checked. */
function get(urlPath: string, acceptEncoding?: string, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders =
      acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: Raw): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(res.body).toString();
  if (encoding === 'gzip') return zlib.gunzipSync(res.body).toString();
  expect(encoding).toBeUndefined();
  return res.body.toString();
}

describe('pre-compressed client assets', () => {
  it('sends brotli to a browser that accepts it, with the script type, Vary and long caching', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 2);
    expect(decoded(res)).toBe(script);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0), and identity when neither is', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(script);

    const refused = await get('/assets/index-abc123.js', 'br;q=0, gzip;q=0.5');
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(decoded(refused)).toBe(script);

    for (const header of [undefined, '', 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const plain = await get('/assets/index-abc123.js', header);
      expect(plain.status, String(header)).toBe(200);
      expect(plain.headers['content-encoding'], String(header)).toBeUndefined();
      expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.body.toString()).toBe(script);
    }
  });

  it('falls back to the encoding that exists, and keeps a public file no-cache', async () => {
    const css = await get('/assets/index-abc123.css', 'br, gzip');
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(decoded(css)).toBe(style);

    const svg = await get('/favicon.svg', 'br');
    expect(svg.headers['content-encoding']).toBe('br');
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cache-control']).toBe('no-cache');
    expect(decoded(svg)).toBe(favicon);
  });

  it('answers HEAD with the headers of the encoded file and no body', async () => {
    const res = await get('/assets/index-abc123.js', 'br', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('keeps index.html uncompressed and no-cache, and a missing hashed asset a 404', async () => {
    for (const p of ['/', '/worklist', '/index.html']) {
      const html = await get(p, 'br, gzip');
      expect(html.status, p).toBe(200);
      expect(html.headers['content-encoding'], p).toBeUndefined();
      expect(html.headers['cache-control'], p).toBe('no-cache');
      expect(html.body.toString()).toContain('<div id="root">');
    }
    expect((await get('/assets/index-old999.js', 'br, gzip')).status).toBe(404);
    // The compressed files are not a way around the asset itself.
    expect((await get('/assets/..%2Findex.html.br', 'br')).status).not.toBe(200);
  });
});

describe('Accept-Encoding', () => {
  it('orders by q, prefers brotli on a tie, honours q=0 and the * wildcard', () => {
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('br;q=0.5, gzip')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('x-gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
  });
});
