/**
 * The portal's security headers, in one place (proxy.ts sets the per-request page policy,
 * next.config.ts the static ones). Pure: no I/O.
 */

/**
 * The Content-Security-Policy of a page, with this request's nonce: Next puts the nonce on its
 * own scripts and inline styles (it reads it from this header), and `'strict-dynamic'` lets
 * those scripts load the chunks they need; no inline script runs without the nonce. Workers only
 * from blob: URLs (the ALTCHA proof-of-work widget builds its workers that way) or our origin.
 * Frames only our own (staff pages show documents in an iframe); nobody may frame a page.
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'${options.dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The machine interfaces answer JSON or CSV: nothing in them may load or run anything, or be framed. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A staff document (PDF or image) shown inline: framed by our own application page only, and
 * nothing it carries may run (a PDF's JavaScript, a polyglot's HTML). `sandbox` would stop
 * Chromium's PDF viewer, so it is not used; the document's own scripts get no source.
 */
export const DOCUMENT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** Features the portal never uses, denied to every page and frame (a file input needs no camera permission). */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((f) => `${f}=()`)
  .join(', ');

/** HSTS: a year, subdomains included. Browsers ignore it over plain HTTP, so it is harmless on loopback. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
