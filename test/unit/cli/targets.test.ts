import type { RuntimeHandle } from '../../../infra/local/runtime-handle';
import { apiTargetOf, sqsClientOf, webhookSecretsOf } from '../../../scripts/cli/targets';

const handle: RuntimeHandle = {
  url: 'http://127.0.0.1:3000',
  pid: process.pid,
  clockRate: 1,
  webhookSecrets: 'whsec_bG9jYWwtc2VjcmV0',
  operatorToken: 'local-token',
  sqsEndpoint: 'http://127.0.0.1:40123',
};

describe('apiTargetOf', () => {
  it('uses the running local runtime when no flag or variable names a target', () => {
    expect(apiTargetOf({}, {}, handle)).toEqual({ url: handle.url, token: 'local-token' });
  });

  it('prefers --url and --token, then the variables, to the local runtime', () => {
    expect(apiTargetOf({ url: 'https://api.example.com', token: 't' }, {}, handle)).toEqual({
      url: 'https://api.example.com',
      token: 't',
    });
    expect(
      apiTargetOf({}, { RESPONDER_URL: 'https://api.example.com', CASES_API_TOKEN: 'v' }, handle),
    ).toEqual({ url: 'https://api.example.com', token: 'v' });
  });

  it('never sends the local token to another URL', () => {
    expect(apiTargetOf({ url: 'https://api.example.com' }, {}, handle).token).toBeUndefined();
    expect(webhookSecretsOf({}, {}, handle, 'https://api.example.com')).toBeUndefined();
    expect(webhookSecretsOf({}, {}, handle, handle.url)).toBe(handle.webhookSecrets);
  });

  it('falls back to localhost:3000 without a runtime', () => {
    expect(apiTargetOf({}, {}, undefined)).toEqual({
      url: 'http://localhost:3000',
      token: undefined,
    });
  });
});

describe('sqsClientOf', () => {
  const endpointOf = async (client: ReturnType<typeof sqsClientOf>) => {
    const endpoint = await client.config.endpoint?.();
    client.destroy();
    return endpoint ? `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}` : undefined;
  };

  it("uses the local runtime's queues unless AWS is chosen", async () => {
    expect(await endpointOf(sqsClientOf({}, {}, handle))).toBe(handle.sqsEndpoint);
    expect(await endpointOf(sqsClientOf({ region: 'eu-west-1' }, {}, handle))).toBeUndefined();
    expect(await endpointOf(sqsClientOf({}, { AWS_PROFILE: 'prod' }, handle))).toBeUndefined();
  });
});
