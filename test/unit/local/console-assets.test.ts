import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPathOf, consoleAssets } from '../../../infra/local/console-assets';

const build = () => {
  const root = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  return root;
};

const NAVIGATION = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' };
const FETCH = { accept: 'application/json', 'sec-fetch-mode': 'cors' };
const CURL = { accept: '*/*' };

const bodyOf = (result: { body?: string; isBase64Encoded?: boolean } | undefined) =>
  result?.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64').toString('utf8')
    : result?.body;

describe('consoleAssets', () => {
  const assets = consoleAssets({ root: build(), settings: { auth: { kind: 'token' } } });

  it('serves hashed assets as immutable and other files revalidated, with the security headers', () => {
    const script = assets.answer('GET', '/assets/index-abc123.js', CURL);
    expect(script?.statusCode).toBe(200);
    expect(bodyOf(script)).toBe('console.log(1)');
    expect(script?.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script?.headers?.['cache-control']).toContain('immutable');
    expect(script?.headers?.['content-security-policy']).toContain("script-src 'self'");
    expect(script?.headers?.['x-content-type-options']).toBe('nosniff');
    expect(assets.answer('GET', '/favicon.svg', CURL)?.headers?.['cache-control']).toBe('no-cache');
  });

  it('answers a navigation to one of its pages with index.html, even where the API has a route', () => {
    for (const page of [
      '/',
      '/cases/c_123',
      '/incidents',
      '/incidents/i_1',
      '/praise',
      '/reports',
      '/auth/callback',
    ]) {
      const answer = assets.answer('GET', page, NAVIGATION);
      expect(bodyOf(answer)).toContain('<title>console</title>');
      expect(answer?.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('leaves API calls, scripts and unknown paths to the API', () => {
    expect(assets.answer('GET', '/cases/c_123', FETCH)).toBeUndefined();
    expect(assets.answer('GET', '/cases', CURL)).toBeUndefined();
    expect(assets.answer('GET', '/openapi.json', NAVIGATION)).toBeUndefined();
    expect(assets.answer('POST', '/cases/c_123/acknowledge', NAVIGATION)).toBeUndefined();
    expect(assets.answer('GET', '/api/cases', NAVIGATION)).toBeUndefined();
  });

  it('serves nothing outside its folder', () => {
    expect(assets.answer('GET', '/../../etc/passwd', CURL)).toBeUndefined();
    expect(assets.answer('GET', '/%2e%2e/%2e%2e/etc/passwd', CURL)).toBeUndefined();
    expect(assets.answer('GET', '/%E0%A4%A', CURL)).toBeUndefined();
  });

  it('serves its sign-in settings', () => {
    expect(JSON.parse(bodyOf(assets.answer('GET', '/console-config.json', FETCH)) ?? '')).toEqual({
      auth: { kind: 'token' },
    });
  });

  it('says how to build it when the build is missing', () => {
    const unbuilt = consoleAssets({ root: join(tmpdir(), 'no-such-build'), settings: {} });
    const answer = unbuilt.answer('GET', '/', NAVIGATION);
    expect(answer?.statusCode).toBe(503);
    expect(answer?.body).toContain('npm run console:build');
  });
});

describe('apiPathOf', () => {
  it('maps the API under /api to its own paths, as CloudFront does', () => {
    expect(apiPathOf('/api/cases')).toBe('/cases');
    expect(apiPathOf('/api/cases/c_1/acknowledge')).toBe('/cases/c_1/acknowledge');
    expect(apiPathOf('/apiary')).toBeUndefined();
    expect(apiPathOf('/cases')).toBeUndefined();
  });
});
