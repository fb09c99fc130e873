import {
  readSmokeTestOptions,
  SMOKE_TEST_USAGE,
  smokeTestCommand,
} from '../../../scripts/smoke-test';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
    out,
    err,
  };
};

const SECRET = `whsec_${Buffer.from('smoke-secret-0123456789').toString('base64')}`;

describe('smoke test options', () => {
  it('prints its usage for --help and exits 0, checking nothing', async () => {
    for (const flag of ['--help', '-h']) {
      const run = capture();
      expect(await smokeTestCommand([flag], {}, run.io)).toBe(0);
      expect(run.out).toEqual([SMOKE_TEST_USAGE]);
      expect(run.err).toEqual([]);
    }
    expect(SMOKE_TEST_USAGE).toMatch(/^usage: .*--api-url/);
  });

  it('names every missing or wrong option, with its variable, and exits 2 with the usage', async () => {
    const run = capture();
    const code = await smokeTestCommand(
      ['--api-url', 'not a url', '--timeout-seconds', 'soon'],
      {},
      run.io,
    );
    expect(code).toBe(2);
    expect(run.out).toEqual([]);
    const [message] = run.err;
    expect(message?.split('\n\n')[0]?.split('\n')).toEqual([
      '--api-url must be a URL, the ApiUrl output of the stack',
      '--webhook-secret is missing (or set SMOKE_WEBHOOK_SECRET)',
      '--token is missing (or set SMOKE_TOKEN)',
      '--timeout-seconds must be a number of seconds',
    ]);
    expect(message).toContain(SMOKE_TEST_USAGE);
  });

  it('refuses an unknown option by name', async () => {
    const run = capture();
    expect(await smokeTestCommand(['--api-ur', 'https://x'], {}, run.io)).toBe(2);
    expect(run.err[0]).toMatch(/^Unknown option '--api-ur'/);
  });

  it('takes each option from its SMOKE_ variable, the flag winning', () => {
    expect(
      readSmokeTestOptions(['--brand', 'acme'], {
        SMOKE_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
        SMOKE_WEBHOOK_SECRET: SECRET,
        SMOKE_TOKEN: 'jwt',
        SMOKE_BRAND: 'other',
      }),
    ).toEqual({
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      webhookSecret: SECRET,
      token: 'jwt',
      brand: 'acme',
      timeoutSeconds: 60,
    });
    expect(() =>
      readSmokeTestOptions(
        ['--webhook-secret', 'plain', '--token', 't', '--api-url', 'https://a'],
        {},
      ),
    ).toThrow('--webhook-secret must be a whsec_… secret');
  });
});
