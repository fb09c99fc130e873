import type { HeldGroup } from '../../domain/alerts/held-alerts';
import { fitSlackText, plainLine, slackEscape, truncate } from '../alerts/alert-text';
import type { IncidentAlert } from '../alerts/incident-alert';
import type { SlaAlert } from '../alerts/sla-alert';

/**
 * Action ids of the buttons on an alert; the cases API handles them (Slack interactivity). Open
 * case is a link button: Slack opens its URL and still posts the press, which is acknowledged.
 */
export const SLACK_ACTIONS = {
  acknowledge: 'acknowledge',
  resolve: 'resolve',
  openCase: 'open_case',
} as const;

const EXCERPT_MAX = 600;
/** Slack refuses a message whose section field is over 2,000 characters, a section text over 3,000. */
export const SLACK_FIELD_MAX = 2_000;
export const SLACK_SECTION_TEXT_MAX = 3_000;

/** A one-line value of a fact (author, source, brand): a newline in it cannot forge a fact line. */
const factValue = (text: string, max: number): string => slackEscape(plainLine(text, max));

/** A Slack incoming-webhook message (Block Kit). */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
  readonly unfurl_links: false;
  readonly unfurl_media: false;
}

const PRIORITY_MARKS: Record<SlaAlert['priority'], string> = {
  P1: ':red_circle:',
  P2: ':large_orange_circle:',
  P3: ':large_yellow_circle:',
  P4: ':white_circle:',
};

/**
 * An SLA alert as a Block Kit message: priority, source, author and reach, an excerpt, time
 * overdue, a link to the case and Acknowledge / Resolve buttons. Every piece of user text goes
 * through slackEscape; the excerpt is quoted and cut to a readable length.
 */
export const slackSlaMessage = (alert: SlaAlert): SlackMessage => {
  const author = factValue(alert.author, 120);
  const source = factValue(alert.source, 60);
  const headline = factValue(alert.headline, 150);
  const excerpt = fitSlackText(
    slackEscape(truncate(alert.excerpt, EXCERPT_MAX))
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n'),
    SLACK_SECTION_TEXT_MAX,
  );
  const title = `${PRIORITY_MARKS[alert.priority]} *${alert.priority} ${headline}*`;
  const facts = [
    `*Source:* ${source}`,
    `*Brand:* ${factValue(alert.brand, 120)}`,
    `*Author:* ${author}${alert.reach ? ` (${alert.reach})` : ''}`,
    `*Time:* ${alert.overdue}`,
  ].map((fact) => fitSlackText(fact, SLACK_FIELD_MAX));
  return {
    text: `${alert.priority} ${headline}: ${author} on ${source}, ${alert.overdue}`,
    unfurl_links: false,
    unfurl_media: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: title } },
      { type: 'section', fields: facts.map((text) => ({ type: 'mrkdwn', text })) },
      { type: 'section', text: { type: 'mrkdwn', text: excerpt || '>(no text)' } },
      {
        type: 'actions',
        elements: [
          ...(alert.caseUrl
            ? [
                {
                  type: 'button',
                  text: { type: 'plain_text', text: 'Open case' },
                  url: alert.caseUrl,
                  action_id: SLACK_ACTIONS.openCase,
                },
              ]
            : []),
          {
            type: 'button',
            style: 'primary',
            text: { type: 'plain_text', text: 'Acknowledge' },
            action_id: SLACK_ACTIONS.acknowledge,
            value: alert.caseId,
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Resolve' },
            action_id: SLACK_ACTIONS.resolve,
            value: alert.caseId,
          },
        ],
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Case \`${slackEscape(alert.caseId)}\`` }],
      },
    ],
  };
};

const INCIDENT_MARKS: Record<IncidentAlert['stage'], string> = {
  opened: ':rotating_light:',
  grown: ':chart_with_upwards_trend:',
  resolved: ':white_check_mark:',
};

/** Sample mentions shown on an incident message, each cut shorter than a case excerpt. */
const SAMPLE_MAX = 200;

/**
 * An incident as a Block Kit message: what the customers report, how many, since when, a few of
 * their posts (escaped and quoted) and a link to the incident. Every update of the incident
 * starts with the same headline and id, so a channel reads them as one story.
 */
export const slackIncidentMessage = (alert: IncidentAlert): SlackMessage => {
  const title = factValue(alert.headline, 150);
  const facts = `${factValue(alert.brand, 120)} · ${factValue(alert.status, 150)}`;
  const headline = `${INCIDENT_MARKS[alert.stage]} *${title}* · ${facts}`;
  const samples =
    alert.stage === 'resolved'
      ? []
      : alert.samples.map(
          (sample) =>
            `>${factValue(sample.excerpt, SAMPLE_MAX)} — ${factValue(sample.author, 120)} on ${factValue(sample.source, 60)}`,
        );
  return {
    text: `${title} · ${facts}`,
    unfurl_links: false,
    unfurl_media: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      ...(samples.length
        ? [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: fitSlackText(samples.join('\n'), SLACK_SECTION_TEXT_MAX),
              },
            },
          ]
        : []),
      ...(alert.incidentUrl
        ? [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  text: { type: 'plain_text', text: 'Open incident' },
                  url: alert.incidentUrl,
                  action_id: 'open_incident',
                },
              ],
            },
          ]
        : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Incident \`${slackEscape(alert.incidentId)}\`` }],
      },
    ],
  };
};

/** Groups listed in one digest message: a line each, well inside Slack's 50 blocks a message. */
export const SLACK_DIGEST_GROUPS = 40;

const digestLine = (group: HeldGroup): string => {
  const { line } = group.latest;
  const title = factValue(line.title, 150);
  const label = line.url ? `<${line.url}|${title}>` : `*${title}*`;
  const more = group.alerts.length > 1 ? ` (${group.alerts.length} alerts)` : '';
  return `• ${label} — ${factValue(line.detail, 200)}${more}`;
};

/**
 * Alerts Slack could not take when they came, as one message: how many, since when, and a line
 * per case or incident (its newest alert, linked) — every held alert is counted in it.
 */
export const slackHeldDigest = (groups: readonly HeldGroup[]): SlackMessage => {
  const count = groups.reduce((sum, group) => sum + group.alerts.length, 0);
  const since = groups[0]?.alerts[0]?.heldAt.slice(11, 16) ?? '';
  const headline = `${count} more alert${count === 1 ? '' : 's'} held while Slack was at its rate limit, since ${since} UTC`;
  const sections: string[] = [];
  for (const line of groups.map(digestLine)) {
    const last = sections.length - 1;
    const joined = last >= 0 ? `${sections[last]}\n${line}` : undefined;
    if (joined !== undefined && joined.length <= SLACK_SECTION_TEXT_MAX) sections[last] = joined;
    else sections.push(fitSlackText(line, SLACK_SECTION_TEXT_MAX));
  }
  return {
    text: `${headline}: ${groups.length} case${groups.length === 1 ? '' : 's'} or incidents`,
    unfurl_links: false,
    unfurl_media: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:hourglass: *${headline}*` } },
      ...sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    ],
  };
};
