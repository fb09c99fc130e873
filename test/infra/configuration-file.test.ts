/**
 * Naming the configuration file for a synth: one variable, RESPONDER_CONFIG, as for npm start;
 * any other name is refused, and a broken file prints its clear message only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configPathOf } from '../../infra/aws/load-config';
import { ConfigError } from '../../shared/domain/config/responder-config';

const ROOT = resolve(__dirname, '../..');

describe('configPathOf', () => {
  it('takes -c config=… or RESPONDER_CONFIG, the one variable npm start reads too', () => {
    expect(configPathOf('prod.json', {})).toBe('prod.json');
    expect(configPathOf(undefined, { RESPONDER_CONFIG: 'prod.json' })).toBe('prod.json');
    expect(configPathOf('prod.json', { RESPONDER_CONFIG: 'prod.json' })).toBe('prod.json');
    expect(configPathOf(undefined, {})).toBeUndefined();
  });

  it('refuses RESPONDER_CONFIG_FILE rather than deploying the defaults', () => {
    expect(() => configPathOf(undefined, { RESPONDER_CONFIG_FILE: 'prod.json' })).toThrow(
      ConfigError,
    );
    expect(() => configPathOf(undefined, { RESPONDER_CONFIG_FILE: 'prod.json' })).toThrow(
      /RESPONDER_CONFIG_FILE is not read.*RESPONDER_CONFIG/,
    );
  });

  it('refuses two different files', () => {
    expect(() => configPathOf('a.json', { RESPONDER_CONFIG: 'b.json' })).toThrow(
      /two configuration files named/,
    );
  });
});

describe('the CDK app with a broken configuration file', () => {
  it('prints the message naming the bad field, without the ZodError or a stack', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'responder-config-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ brands: [{ id: 'Acme Air', name: 'Acme' }] }));
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['infra/aws/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, RESPONDER_CONFIG: file, RESPONDER_CONFIG_FILE: undefined },
      encoding: 'utf8',
    });

    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines.join('\n')).toContain('brands.0.id');
    expect(lines.join('\n')).not.toMatch(/ZodError|\n\s+at /);
    expect(lines.length).toBeLessThan(8);
  });
});
