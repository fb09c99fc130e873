import { humanDuration, plainLine, slackEscape } from '../../../shared/adapters/alerts/alert-text';
import { slaAlert } from '../../../shared/adapters/alerts/sla-alert';
import {
  pagerDutyFollowUp,
  pagerDutyTrigger,
} from '../../../shared/adapters/pagerduty/pagerduty-event';
import { slackSlaMessage } from '../../../shared/adapters/slack/slack-alert-message';
import { snsSlaMessage } from '../../../shared/adapters/sns/sns-alert-message';
import { webhookPayload } from '../../../shared/adapters/webhook/webhook-payload';
import { slaBreachedDetail, slaBreachedEvent } from '../../fixtures/escalation/sla-breached';

const HOSTILE =
  'hey <!channel> <!here> <@U024BE7LH> look <https://evil.example/login|acme.com/refund> & @here @everyone *bold*\u0007';

const hostile = slaAlert(
  {
    ...slaBreachedDetail,
    excerpt: HOSTILE,
    author: { ...slaBreachedDetail.author, name: 'Fake <@U999|Support>' },
  },
  'https://responder.acme.example/',
);

/** Every mrkdwn string in a Block Kit message. */
const mrkdwnTexts = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
};

describe('slackEscape', () => {
  it('escapes &, < and > so Slack shows mentions and links as typed', () => {
    expect(slackEscape('<!channel> & <@U1> <https://x|y>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;',
    );
  });

  it('breaks the plain-word broadcasts @channel, @here and @everyone', () => {
    expect(slackEscape('@here @channel @Everyone')).not.toMatch(/@(here|channel|everyone)/i);
  });
});

describe('slackSlaMessage', () => {
  const message = slackSlaMessage(slaAlert(slaBreachedDetail, 'https://responder.acme.example'));

  it('shows priority, source, author with reach, time overdue and the excerpt', () => {
    const text = mrkdwnTexts(message.blocks).join('\n');
    expect(text).toContain('*P1 SLA breached: first response · level 1*');
    expect(text).toContain('*Source:* x');
    expect(text).toContain('*Author:* Dana Whitfield @danaw (18.4k followers)');
    expect(text).toContain('*Time:* 12 min overdue');
    expect(text).toContain('>@acme my internet has been down since 6am');
  });

  it('links to the case and offers Acknowledge and Resolve buttons carrying the case id', () => {
    const actions = message.blocks.find((block) => block.type === 'actions') as {
      elements: { action_id: string; value?: string; url?: string }[];
    };
    expect(actions.elements).toEqual([
      expect.objectContaining({
        action_id: 'open_case',
        url: 'https://responder.acme.example/cases/01JTB6Q2Z8K4M7V3X9R5N1C0DE',
      }),
      expect.objectContaining({ action_id: 'acknowledge', value: slaBreachedDetail.caseId }),
      expect.objectContaining({ action_id: 'resolve', value: slaBreachedDetail.caseId }),
    ]);
  });

  it('lets no mention, broadcast or link through from user text', () => {
    const hostileMessage = slackSlaMessage(hostile);
    const texts = [...mrkdwnTexts(hostileMessage.blocks), hostileMessage.text];
    for (const text of texts) {
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).not.toMatch(/<https?:/);
      expect(text).not.toMatch(/@(here|channel|everyone)/);
      expect(text).not.toContain('\u0007');
    }
    expect(hostileMessage.unfurl_links).toBe(false);
  });

  it('keeps an author name with line breaks on its own fact line, so it cannot forge facts', () => {
    const forged = slackSlaMessage(
      slaAlert({
        ...slaBreachedDetail,
        author: { ...slaBreachedDetail.author, name: 'Dana\n*Source:* fake\r\n*Brand:* fake' },
      }),
    );
    const facts = forged.blocks.find((block) => 'fields' in block) as {
      fields: { text: string }[];
    };
    expect(facts.fields.map((field) => field.text.split('\n').length)).toEqual([1, 1, 1, 1]);
    expect(facts.fields.filter((field) => field.text.startsWith('*Source:*'))).toHaveLength(1);
    expect(forged.text).not.toContain('\n');
  });

  it('keeps every field within Slack’s 2,000 characters and every section text within 3,000', () => {
    const long = slackSlaMessage(
      slaAlert({
        ...slaBreachedDetail,
        brand: '&'.repeat(5_000),
        excerpt: '<&>\n'.repeat(5_000),
        author: { ...slaBreachedDetail.author, name: '&'.repeat(5_000) },
      }),
    );
    for (const block of long.blocks as { fields?: { text: string }[]; text?: { text: string } }[]) {
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2_000);
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3_000);
    }
    expect(mrkdwnTexts(long.blocks).join('')).not.toMatch(/&[a-z]*…/);
  });

  it('strips bidi overrides, isolates and zero-width characters from user text', () => {
    const spoofed = slaAlert({
      ...slaBreachedDetail,
      excerpt: 'refund\u202eexe.gpj\u2066a\u2067b\u2068c\u2069 d\u200be\u200cf\u200dg\u200eh\u200f',
      author: { ...slaBreachedDetail.author, name: 'Ac\u200bme\u202e Support' },
    });
    const slack = slackSlaMessage(spoofed);
    const pagerDuty = pagerDutyTrigger(spoofed, '2025-05-13T10:00:00Z');
    const invisible = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
    for (const text of [...mrkdwnTexts(slack.blocks), slack.text, JSON.stringify(pagerDuty)]) {
      expect(text).not.toMatch(invisible);
    }
    expect(JSON.stringify(pagerDuty)).toContain('refundexe.gpjabc defgh');
  });

  it('leaves out the case link when no public URL is configured', () => {
    const plain = slackSlaMessage(slaAlert(slaBreachedDetail));
    expect(JSON.stringify(plain)).not.toContain('open_case');
  });
});

describe('pagerDutyTrigger', () => {
  it('triggers with the case id as dedup_key and severity from priority', () => {
    const event = pagerDutyTrigger(slaAlert(slaBreachedDetail), slaBreachedDetail.occurredAt);
    expect(event).toMatchObject({
      event_action: 'trigger',
      dedup_key: slaBreachedDetail.caseId,
      payload: {
        severity: 'critical',
        source: 'social-responder/x',
        timestamp: '2026-05-04T09:27:00.000Z',
        custom_details: { case_id: slaBreachedDetail.caseId, reach: '18.4k followers' },
      },
    });
  });

  it('maps P2 to error, P3 to warning and P4 to info', () => {
    const severityOf = (priority: 'P2' | 'P3' | 'P4') =>
      JSON.parse(
        JSON.stringify(
          pagerDutyTrigger(slaAlert({ ...slaBreachedDetail, priority }), '2026-05-04T09:27:00Z'),
        ),
      ).payload.severity;
    expect([severityOf('P2'), severityOf('P3'), severityOf('P4')]).toEqual([
      'error',
      'warning',
      'info',
    ]);
  });

  it('keeps the summary within 1024 characters and on one plain line', () => {
    const long = slaAlert({ ...slaBreachedDetail, excerpt: `line one\n${'é🙂'.repeat(2_000)}` });
    const event = pagerDutyTrigger(long, slaBreachedDetail.occurredAt) as {
      payload: { summary: string };
    };
    expect([...event.payload.summary].length).toBeLessThanOrEqual(1024);
    expect(event.payload.summary).not.toContain('\n');
    expect(event.payload.summary.endsWith('…')).toBe(true);
  });

  it('acknowledges and resolves by the same dedup_key', () => {
    expect(pagerDutyFollowUp('resolve', 'case-1')).toEqual({
      event_action: 'resolve',
      dedup_key: 'case-1',
    });
  });
});

describe('snsSlaMessage', () => {
  it('writes a subject within 100 characters and a short message with the case link', () => {
    const message = snsSlaMessage(
      slaAlert(
        { ...slaBreachedDetail, excerpt: 'x'.repeat(5_000), source: 'trustpilot' },
        'https://responder.acme.example',
      ),
    );
    expect(message.subject).toBe('P1 SLA breached: first response · level 1 (trustpilot)');
    expect(message.message.length).toBeLessThanOrEqual(
      300 + 'https://responder.acme.example/cases/01JTB6Q2Z8K4M7V3X9R5N1C0DE'.length + 1,
    );
    expect(message.message).toMatch(
      /^P1 SLA breached.*12 min overdue\. Dana Whitfield @danaw on trustpilot: "x+…" https:\/\/responder/,
    );
  });

  it('flattens line breaks and control characters from user text', () => {
    const message = snsSlaMessage(slaAlert({ ...slaBreachedDetail, excerpt: 'a\r\nb\u0000c' }));
    expect(message.message).toContain('"a bc"');
  });
});

describe('webhookPayload', () => {
  it('wraps the detail in a Standard Webhooks envelope with a dotted type', () => {
    expect(webhookPayload(slaBreachedEvent())).toEqual({
      type: 'case.sla_breached',
      timestamp: '2026-05-04T09:27:00.000Z',
      data: slaBreachedDetail,
    });
  });
});

describe('text helpers', () => {
  it('says durations as people do', () => {
    expect([45, 720, 3_900, 97_200].map(humanDuration)).toEqual([
      '45 s',
      '12 min',
      '1 h 5 min',
      '1 d 3 h',
    ]);
  });

  it('cuts plain lines by characters, not UTF-16 units', () => {
    expect(plainLine('🙂🙂🙂🙂', 3)).toBe('🙂🙂…');
  });
});
