/**
 * Serves the operator console's build from the local gateway as S3 + CloudFront serve it in AWS:
 * files by path, the app's own paths answered with index.html, the security headers on every
 * answer, and `/api/…` left for the gateway to route as the API (prefix removed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  CONSOLE_API_PREFIX,
  CONSOLE_CONFIG_PATH,
  CONSOLE_PAGE,
  CONSOLE_SECURITY_HEADERS,
  consoleContentSecurityPolicy,
} from '../console-hosting';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ConsoleAssetsOptions {
  /** The console's build folder. */
  readonly root: string;
  /** The `/console-config.json` the console reads at start (how operators sign in). */
  readonly settings: Record<string, unknown>;
}

export interface ConsoleAssets {
  /** The console's answer to a request, or undefined when the request is for the API. */
  answer(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
  ): APIGatewayProxyStructuredResultV2 | undefined;
}

/** The API path of a request under CONSOLE_API_PREFIX (`/api/cases` → `/cases`), else undefined. */
export const apiPathOf = (path: string): string | undefined =>
  path.startsWith(`${CONSOLE_API_PREFIX}/`) ? path.slice(CONSOLE_API_PREFIX.length) : undefined;

/** A browser asking for a page (address bar, link, reload), not a script calling the API. */
const isNavigation = (headers: IncomingHttpHeaders): boolean =>
  headers['sec-fetch-mode'] === 'navigate' || (headers.accept ?? '').includes('text/html');

const HEADERS = {
  ...CONSOLE_SECURITY_HEADERS,
  'content-security-policy': consoleContentSecurityPolicy(),
};

const file = (
  path: string,
  cacheControl: string,
  method: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 200,
  headers: {
    ...HEADERS,
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': cacheControl,
  },
  body: method === 'HEAD' ? '' : readFileSync(path).toString('base64'),
  isBase64Encoded: method !== 'HEAD',
});

export const consoleAssets = (options: ConsoleAssetsOptions): ConsoleAssets => {
  const root = normalize(options.root);
  const inRoot = (path: string): string | undefined => {
    const resolved = normalize(join(root, decodeURIComponent(path)));
    if (!resolved.startsWith(`${root}${sep}`)) return undefined;
    return existsSync(resolved) && statSync(resolved).isFile() ? resolved : undefined;
  };
  return {
    answer: (method, path, headers) => {
      if ((method !== 'GET' && method !== 'HEAD') || apiPathOf(path) !== undefined)
        return undefined;
      if (path === CONSOLE_CONFIG_PATH) {
        return {
          statusCode: 200,
          headers: { ...HEADERS, 'content-type': 'application/json', 'cache-control': 'no-cache' },
          body: JSON.stringify(options.settings),
        };
      }
      const found =
        path === '/' || path.endsWith('/index.html') ? undefined : safeInRoot(inRoot, path);
      if (found) {
        // Hashed file names never change content; everything else is revalidated.
        const immutable = path.startsWith('/assets/');
        return file(found, immutable ? 'public, max-age=31536000, immutable' : 'no-cache', method);
      }
      if (!CONSOLE_PAGE.test(path) || !isNavigation(headers)) return undefined;
      const index = join(root, 'index.html');
      if (!existsSync(index)) {
        return {
          statusCode: 503,
          headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' },
          body: 'The operator console is not built: run `npm run console:build`.',
        };
      }
      return file(index, 'no-cache', method);
    },
  };
};

/** A malformed percent-encoding is no file of the console. */
const safeInRoot = (inRoot: (path: string) => string | undefined, path: string) => {
  try {
    return inRoot(path);
  } catch {
    return undefined;
  }
};
