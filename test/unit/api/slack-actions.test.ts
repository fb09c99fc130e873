import {
  parseSlackCaseRequests,
  SlackPayloadError,
  SlackSignatureError,
  slackCaseUpdateMessage,
  slackSignature,
  verifySlackRequest,
} from '../../../shared/adapters/slack/slack-actions';

// The worked example of Slack's "Verifying requests from Slack" guide.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const verify = (overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) =>
  verifySlackRequest({
    signingSecret: SECRET,
    timestamp: TIMESTAMP,
    signature: EXPECTED,
    rawBody: BODY,
    nowSeconds: Number(TIMESTAMP) + 10,
    ...overrides,
  });

const reasonOf = (run: () => void) => {
  try {
    run();
  } catch (error) {
    if (error instanceof SlackSignatureError) return error.reason;
    throw error;
  }
  return 'accepted';
};

describe('slackSignature', () => {
  it('computes the signature of the example in Slack’s documentation', () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });
});

describe('verifySlackRequest', () => {
  it('accepts a request signed with the secret within five minutes', () => {
    expect(reasonOf(() => verify())).toBe('accepted');
  });

  it('refuses a body changed after signing', () => {
    expect(reasonOf(() => verify({ rawBody: `${BODY}&x=1` }))).toBe('mismatch');
  });

  it('refuses a signature made with another secret', () => {
    expect(reasonOf(() => verify({ signature: slackSignature('forged', TIMESTAMP, BODY) }))).toBe(
      'mismatch',
    );
  });

  it('refuses a timestamp more than five minutes from now, either way', () => {
    expect(reasonOf(() => verify({ nowSeconds: Number(TIMESTAMP) + 301 }))).toBe('stale');
    expect(reasonOf(() => verify({ nowSeconds: Number(TIMESTAMP) - 301 }))).toBe('stale');
    expect(reasonOf(() => verify({ timestamp: 'yesterday' }))).toBe('stale');
  });

  it('refuses a request without the signature headers', () => {
    expect(reasonOf(() => verify({ signature: undefined }))).toBe('missing');
    expect(reasonOf(() => verify({ timestamp: undefined }))).toBe('missing');
  });
});

describe('parseSlackCaseRequests', () => {
  const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

  it('reads the button presses of a block_actions payload', () => {
    const requests = parseSlackCaseRequests(
      form({
        type: 'block_actions',
        user: { id: 'U024BE7LH', username: 'priya' },
        actions: [{ action_id: 'resolve', value: 'c_123', type: 'button' }],
      }),
    );
    expect(requests).toEqual([
      { action: 'resolve', caseId: 'c_123', user: { id: 'U024BE7LH', username: 'priya' } },
    ]);
  });

  it('names the problem for a missing payload, other interactions, unknown actions or no case', () => {
    const problem = (body: string) => {
      try {
        parseSlackCaseRequests(body);
      } catch (error) {
        if (error instanceof SlackPayloadError) return error.message;
        throw error;
      }
      return 'parsed';
    };
    expect(problem('token=abc')).toContain('payload');
    expect(problem('payload=%7Bnot-json')).toContain('not JSON');
    expect(problem(form({ type: 'view_submission', user: { id: 'U1' }, actions: [] }))).toContain(
      'block_actions',
    );
    const press = (action: Record<string, unknown>) =>
      form({ type: 'block_actions', user: { id: 'U1' }, actions: [action] });
    expect(problem(press({ action_id: 'escalate', value: 'c_1' }))).toContain('escalate');
    expect(problem(press({ action_id: 'acknowledge' }))).toContain('no case id');
  });
});

describe('slackCaseUpdateMessage', () => {
  it('replaces the alert with each case’s new status and who set it', () => {
    expect(
      slackCaseUpdateMessage(
        [
          { caseId: 'c_1', action: 'acknowledge', outcome: 'done' },
          { caseId: 'c_2', action: 'resolve', outcome: 'case c_2 is already resolved' },
        ],
        { id: 'U1', username: 'priya' },
      ),
    ).toEqual({
      replace_original: true,
      text: 'Case c_1 acknowledged by priya.\nCase c_2: case c_2 is already resolved',
    });
  });

  it('escapes names and case ids so they cannot ping or link when they carry Slack syntax', () => {
    const { text } = slackCaseUpdateMessage(
      [{ caseId: '<https://evil.example|c_1>', action: 'resolve', outcome: 'done' }],
      { id: 'U1', username: '<!channel> @here' },
    );
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('@here');
  });
});
