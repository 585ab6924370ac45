import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy (docs/decisions/011-csp-style-rule.md). Scripts only from our origin; no
 * plugins, no <base>, no framing, forms post only to us. Emotion (MUI) injects <style> elements at
 * run time, so style-src allows 'unsafe-inline' — styles only, never scripts. Images may be data:
 * URLs (the MFA enrolment QR code).
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/**
 * Security headers on every response: CSP, nosniff, Referrer-Policy no-referrer, frame denial and
 * helmet's cross-origin isolation defaults. HSTS only over HTTPS: `req.secure` is true for TLS
 * requests, and behind a TLS-terminating proxy when TRUST_PROXY makes Express believe its
 * X-Forwarded-Proto (README, Configuration).
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])),
      },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
    (req, res, next) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      next();
    },
  ];
}
