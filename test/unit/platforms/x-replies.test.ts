import { xAuthorization } from '../../../shared/adapters/platforms/x-replies';
import { rfc5849Signature } from '../../support/platform-stand-ins';

/** X's documented signing example ("Creating a signature", "Authorizing a request"). */
const X_EXAMPLE = {
  credentials: {
    consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
    consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
    accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  },
  fixed: { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: 1318622958 },
  data: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
};

const signatureOf = (header: string): string | undefined => {
  const match = /oauth_signature="([^"]+)"/.exec(header);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
};

describe('xAuthorization', () => {
  it.each([
    // The signature each published edition of X's example gives for its URL.
    ['https://api.x.com/1.1/statuses/update.json', 'Ls93hJiZbQ3akF3HF3x1Bz8/zU4='],
    ['https://api.twitter.com/1.1/statuses/update.json', 'hCtSmYh+iHYCEqBWrE7C7hYmtUk='],
    ['https://api.twitter.com/1/statuses/update.json', 'tnnArxj06cWHq44gCs1OSKk/jLY='],
  ])('signs X’s documented example request to %s as documented', (url, expected) => {
    const header = xAuthorization(
      X_EXAMPLE.credentials,
      { method: 'POST', url: `${url}?include_entities=true`, data: X_EXAMPLE.data },
      X_EXAMPLE.fixed,
    );
    expect(signatureOf(header)).toBe(expected);
    expect(header).toContain('oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog"');
    expect(header).toContain('oauth_signature_method="HMAC-SHA1"');
  });

  it('signs a JSON request over its query and oauth parameters only, as the stand-in verifies', () => {
    const url = 'https://api.x.com/2/tweets';
    const header = xAuthorization(X_EXAMPLE.credentials, { method: 'POST', url }, X_EXAMPLE.fixed);
    const params = [...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)]
      .map((match) => [match[1] ?? '', decodeURIComponent(match[2] ?? '')] as [string, string])
      .filter(([key]) => key !== 'oauth_signature');
    expect(
      rfc5849Signature({
        method: 'POST',
        baseUrl: url,
        params,
        consumerSecret: X_EXAMPLE.credentials.consumerSecret,
        tokenSecret: X_EXAMPLE.credentials.accessTokenSecret,
      }),
    ).toBe(signatureOf(header));
  });
});

describe('rfc5849Signature (the stand-in’s verifier)', () => {
  it('gives the HMAC-SHA1 signature of RFC 5849 §1.2', () => {
    expect(
      rfc5849Signature({
        method: 'GET',
        baseUrl: 'http://photos.example.net/photos',
        params: [
          ['file', 'vacation.jpg'],
          ['size', 'original'],
          ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
          ['oauth_token', 'nnch734d00sl2jdk'],
          ['oauth_signature_method', 'HMAC-SHA1'],
          ['oauth_timestamp', '137131202'],
          ['oauth_nonce', 'chapoH'],
        ],
        consumerSecret: 'kd94hf93k423kf44',
        tokenSecret: 'pfkkdhi9sl3r4s00',
      }),
    ).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });
});
