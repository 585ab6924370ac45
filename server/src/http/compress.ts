import compression from 'compression';
import type { RequestHandler } from 'express';
import zlib from 'node:zlib';
import { acceptedEncodings, type Encoding } from './accept-encoding';

/** Responses smaller than this are sent as they are: compressing them saves less than it costs. */
const THRESHOLD = 1024;
/** Bodies up to this size are compressed in one synchronous call; larger ones stream (below). */
const SYNC_LIMIT = 256 * 1024;

function compressSync(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : zlib.gzipSync(body, { level: 4 });
}

/**
 * Compression of API responses above 1 KiB (docs/decisions/020-server-throughput.md), with
 * `Vary: Accept-Encoding`: brotli when the client accepts it, else gzip.
 *
 * A body sent whole (`res.json`, `res.send`) up to 256 KiB is compressed in one synchronous call —
 * brotli at quality 1, gzip at level 4: a 12 KB evaluation costs ~40 µs of CPU that way, where a
 * zlib stream per response (the `compression` middleware's way) cost ~500 µs per request under load
 * here. Everything else — streamed responses such as the audit CSV export, and larger bodies — goes
 * through the `compression` middleware, which skips what is already encoded.
 */
export function compressResponses(): RequestHandler[] {
  const fast: RequestHandler = (req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const text = typeof body === 'string' ? body : null;
      const buffer = Buffer.isBuffer(body) ? body : null;
      const length = text !== null ? Buffer.byteLength(text) : (buffer?.length ?? 0);
      if (
        length >= THRESHOLD &&
        length <= SYNC_LIMIT &&
        req.method !== 'HEAD' &&
        res.statusCode !== 204 &&
        res.statusCode !== 304 &&
        !res.getHeader('Content-Encoding') &&
        !/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('Cache-Control') ?? ''))
      ) {
        res.vary('Accept-Encoding');
        const encoding = acceptedEncodings(req.get('accept-encoding'))[0];
        if (encoding) {
          // The Content-Type send would have set, charset included, for the text it is now not given.
          if (!res.getHeader('Content-Type')) res.type(text !== null ? 'html' : 'bin');
          const type = String(res.getHeader('Content-Type'));
          if (text !== null && !/;\s*charset=/i.test(type))
            res.setHeader('Content-Type', `${type}; charset=utf-8`);
          res.setHeader('Content-Encoding', encoding);
          return send(compressSync(buffer ?? Buffer.from(text!), encoding));
        }
      }
      return send(body);
    };
    next();
  };
  return [
    fast,
    compression({
      threshold: THRESHOLD,
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
    }),
  ];
}
