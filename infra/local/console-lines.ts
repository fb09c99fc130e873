/**
 * What `npm start` prints by default: one line per case event with its case id, and each Slack
 * message as a person would read it. The functions' JSON logs and metric documents stay behind
 * `--verbose` (or LOG_LEVEL), so alerts are not buried.
 */
import type { CaseFigures } from '../../shared/contracts/case';
import { caseHeadline } from '../../shared/contracts/case-headline';
import type { BusEvent } from '../../shared/contracts/events';

/** Variables that quiet the functions' Powertools output unless the developer asked for it. */
export const quietFunctionEnv = (
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> => {
  if (args.includes('--verbose')) return {};
  const quiet: Record<string, string> = {};
  if (env.LOG_LEVEL) quiet.POWERTOOLS_LOG_LEVEL = env.LOG_LEVEL;
  else if (!env.POWERTOOLS_LOG_LEVEL) quiet.POWERTOOLS_LOG_LEVEL = 'WARN';
  if (!env.POWERTOOLS_METRICS_DISABLED) quiet.POWERTOOLS_METRICS_DISABLED = 'true';
  return quiet;
};

const WHAT: Record<string, string> = {
  'Case Opened': 'opened',
  'Case Updated': 'updated',
  'Case Acknowledged': 'acknowledged',
  'Case Responded': 'responded',
  'Case Resolved': 'resolved',
  'Case Reopened': 'reopened',
  'Case SLA Warning': 'SLA warning',
  'Case SLA Breached': 'SLA breached',
};

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** `case c_… responded by …  P1  @priya_n  “Your app has been down…”`; undefined for other events. */
export const describeCaseEvent = (event: BusEvent): string | undefined => {
  const what = WHAT[event['detail-type']];
  const detail = event.detail as Record<string, unknown> | undefined;
  if (!what || !detail || typeof detail.caseId !== 'string') return undefined;
  return describeCase(what, detail);
};

/** `case c_… opened  P1  @priya_n  “Your app has been down…”`, from the case the stream shows. */
export const describeOpenedCase = (opened: CaseFigures): string =>
  describeCase('opened', caseHeadline(opened));

const describeCase = (what: string, detail: Record<string, unknown>): string => {
  const author = (detail.author ?? {}) as { id?: string; handle?: string; name?: string };
  const who = author.handle ? `@${author.handle}` : (author.name ?? author.id ?? '');
  const level =
    typeof detail.level === 'number' && detail.level > 0 ? ` level ${detail.level}` : '';
  const channels = Array.isArray(detail.channels) ? ` → ${detail.channels.join(', ')}` : '';
  const by =
    typeof detail.actor === 'object' && detail.actor !== null
      ? ` by ${String((detail.actor as { id?: unknown }).id)}`
      : '';
  const excerpt = typeof detail.excerpt === 'string' ? `  “${oneLine(detail.excerpt, 80)}”` : '';
  return `case ${detail.caseId} ${what}${level}${channels}${by}  ${String(detail.priority)}  ${who}${excerpt}`;
};

/** Slack mrkdwn as plain text: links as their label, entities decoded. */
const plain = (mrkdwn: string) =>
  mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** A Slack message's blocks as indented lines of text (sections, fields and buttons). */
export const previewSlackMessage = (body: Record<string, unknown>): string[] => {
  const blocks = Array.isArray(body.blocks) ? (body.blocks as Record<string, unknown>[]) : [];
  const lines: string[] = [];
  for (const block of blocks) {
    const text = (block.text as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') lines.push(...plain(text).split('\n'));
    if (Array.isArray(block.fields)) {
      lines.push(
        (block.fields as { text?: unknown }[])
          .map((field) => plain(String(field.text ?? '')))
          .join(' · '),
      );
    }
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      const labels = (block.elements as { text?: { text?: unknown } }[]).map(
        (element) => `[${String(element.text?.text ?? '')}]`,
      );
      lines.push(labels.join(' '));
    }
  }
  return lines.map((line) => `    │ ${line}`);
};
