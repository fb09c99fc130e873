/**
 * The CloudFront Functions of the console's distribution, run on viewer-request events shaped as
 * CloudFront documents them (`event.request.uri`).
 */
import { runInNewContext } from 'node:vm';
import { API_PATH_CODE, PAGES_CODE } from '../../infra/aws/constructs/operator-console';
import { CONSOLE_PAGE } from '../../infra/console-hosting';

type Handler = (event: { request: { uri: string; method: string } }) => { uri: string };
const handlerOf = (code: string): Handler => runInNewContext(`${code}; handler`) as Handler;
const uriAfter = (code: string, uri: string) =>
  handlerOf(code)({ request: { uri, method: 'GET' } }).uri;

describe('console distribution functions', () => {
  it('sends the API its own paths: /api/cases/c_1 → /cases/c_1', () => {
    expect(uriAfter(API_PATH_CODE, '/api/cases')).toBe('/cases');
    expect(uriAfter(API_PATH_CODE, '/api/cases/c_1/acknowledge')).toBe('/cases/c_1/acknowledge');
    expect(uriAfter(API_PATH_CODE, '/api/reports/summary')).toBe('/reports/summary');
  });

  it('answers every console page with index.html and leaves files alone', () => {
    for (const page of [
      '/',
      '/cases/c_1',
      '/incidents',
      '/incidents/i_1',
      '/praise',
      '/reports',
      '/auth/callback',
    ]) {
      expect(CONSOLE_PAGE.test(page)).toBe(true);
      expect(uriAfter(PAGES_CODE, page)).toBe('/index.html');
    }
    expect(uriAfter(PAGES_CODE, '/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
    expect(uriAfter(PAGES_CODE, '/console-config.json')).toBe('/console-config.json');
    expect(uriAfter(PAGES_CODE, '/favicon.svg')).toBe('/favicon.svg');
  });
});
