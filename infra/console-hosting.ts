/**
 * How the operator console is hosted, read by both the CDK stack (S3 + CloudFront) and the local
 * gateway, so the two serve it the same way: the build's folder, the API's path on the console's
 * origin, and the security headers every console response carries.
 */
import { join } from 'node:path';

/** The repository's console folder and the folder its build writes. */
export const CONSOLE_ROOT = join(__dirname, '..', 'console');
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

/**
 * The cases API on the console's origin: `/api/cases` is the API's `/cases` (CloudFront strips
 * the prefix, as the local gateway does), so the console's own paths (`/cases/<id>`) never
 * collide with the API's and no CORS is needed.
 */
export const CONSOLE_API_PREFIX = '/api';

/**
 * The console's own pages (client-side routes): a browser navigating to one gets index.html.
 * Locally the API shares these paths (`GET /cases/{id}`), so only a navigation gets the page.
 */
export const CONSOLE_PAGE =
  /^\/(?:cases\/[^/]+|incidents(?:\/[^/]+)?|praise|reports|auth\/callback)?$/;

/** The console's sign-in settings, served beside the build as `/console-config.json`. */
export const CONSOLE_CONFIG_PATH = '/console-config.json';

/**
 * Content-Security-Policy of the console: its own scripts, styles and API only; `connectTo` adds
 * origins it must call (Cognito's token endpoint in AWS).
 */
export const consoleContentSecurityPolicy = (connectTo: readonly string[] = []): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectTo].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The other security headers of every console response (HSTS is added where it is HTTPS). */
export const CONSOLE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // A case URL names a case: it stays out of the Referer sent to the platforms' sites.
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
} as const;
