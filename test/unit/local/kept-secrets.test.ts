import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptSecrets } from '../../../infra/local/kept-secrets';
import { secretsFromMap } from '../../../shared/contracts/secrets';

const fileIn = () =>
  join(mkdtempSync(join(tmpdir(), 'kept-secrets-')), 'data', 'kept-secrets.json');

describe('secrets the local runtime keeps in its data directory', () => {
  it('gives a restarted runtime the last value written, not the environment one', async () => {
    const file = fileIn();
    const environment = { TRUSTPILOT_TOKENS: '{"acme":"from-env"}', CASES_API_TOKEN: 'token' };
    const first = keptSecrets(secretsFromMap(environment), file);
    expect(await first.get('TRUSTPILOT_TOKENS')).toBe('{"acme":"from-env"}');

    await first.put('TRUSTPILOT_TOKENS', '{"acme":"rotated"}');

    const restarted = keptSecrets(secretsFromMap(environment), file);
    expect(await restarted.get('TRUSTPILOT_TOKENS')).toBe('{"acme":"rotated"}');
    expect(await restarted.get('CASES_API_TOKEN')).toBe('token');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      TRUSTPILOT_TOKENS: '{"acme":"rotated"}',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads the file afresh, so a value another writer stored is seen at once', async () => {
    const file = fileIn();
    const reader = keptSecrets(secretsFromMap({}), file);
    expect(await reader.get('TRUSTPILOT_TOKENS')).toBeUndefined();
    await keptSecrets(secretsFromMap({}), file).put('TRUSTPILOT_TOKENS', '{"acme":"second"}');
    expect(await reader.get('TRUSTPILOT_TOKENS')).toBe('{"acme":"second"}');
  });

  it('names the file when it cannot be read', async () => {
    const file = fileIn();
    await keptSecrets(secretsFromMap({}), file).put('TRUSTPILOT_TOKENS', '{}');
    writeFileSync(file, 'not json');
    await expect(keptSecrets(secretsFromMap({}), file).get('TRUSTPILOT_TOKENS')).rejects.toThrow(
      `${file} cannot be read as the kept secrets`,
    );
  });
});
