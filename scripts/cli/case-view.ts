/** How `responder list` and `responder show` print cases for a person (`--json` gives the API's form). */
import type { Case, CaseAuthor, CaseSummary, TimelineEntry } from '../../shared/contracts/case';
import type { CaseMention } from '../../shared/contracts/case-records';
import type { Reply } from '../../shared/contracts/reply';

export interface CaseDetail {
  readonly case: Case;
  readonly mentions: readonly CaseMention[];
  readonly timeline: readonly TimelineEntry[];
  readonly replies: readonly Reply[];
}

/** What the markers after a deadline or an author mean; printed under every table that uses them. */
export const MARKER_LEGEND =
  'markers: ! deadline passed · ★ praise worth amplifying · ~ chronic (recorded, not escalated)';

const column = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `@handle`, else the name, else the platform id. */
export const authorLabel = (author: Pick<CaseAuthor, 'id' | 'name' | 'handle'>): string =>
  author.handle ? `@${author.handle}` : (author.name ?? author.id);

/** `2026-12-01 09:15 UTC`. */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `in 12 min`, `3 h ago`: how far `iso` is from `now`, in the largest whole unit. */
export const relative = (iso: string, now: Date): string => {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const size = Math.abs(seconds);
  const amount =
    size < 90
      ? `${size} s`
      : size < 90 * 60
        ? `${Math.round(size / 60)} min`
        : size < 36 * 3600
          ? `${Math.round(size / 3600)} h`
          : `${Math.round(size / 86_400)} d`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
};

/** One line per case: id, priority, status, deadline, author, excerpt; then the legend. */
export const formatCaseTable = (items: readonly CaseSummary[]): string => {
  const header = `${column('CASE', 26)} PRI ${column('STATUS', 12)} ${column('DUE (UTC)', 19)} ${column('AUTHOR', 20)} EXCERPT`;
  const rows = items.map((item) =>
    [
      column(item.caseId, 26),
      item.priority.padEnd(3),
      column(item.status, 12),
      column(`${item.dueAt ? utc(item.dueAt).slice(0, 16) : '-'}${item.breached ? ' !' : ''}`, 19),
      column(`${authorLabel(item.author)}${item.amplify ? ' ★' : ''}`, 20),
      oneLine(item.excerpt).slice(0, 60),
    ].join(' '),
  );
  if (items.length === 0) return 'no cases match';
  return [header, ...rows, '', MARKER_LEGEND].join('\n');
};

const deadlineLine = (found: Case, now: Date): string => {
  const { sla } = found;
  if (!sla) return 'none (no reply needed)';
  const clock = sla.clock.replace('_', ' ');
  if (sla.breachedAt)
    return `${clock} due ${utc(sla.dueAt)} — passed ${relative(sla.dueAt, now)} !`;
  if (found.status === 'responded' || found.status === 'resolved') {
    return `${clock} due ${utc(sla.dueAt)} — stopped`;
  }
  const passed = Date.parse(sla.dueAt) <= now.getTime();
  return `${clock} due ${utc(sla.dueAt)} (${relative(sla.dueAt, now)})${passed ? ' !' : ''}`;
};

/** What an entry of the timeline says, in words. */
const describeEntry = (entry: TimelineEntry): string => {
  const detail = entry.detail as Record<string, unknown>;
  const said = (key: string) => (typeof detail[key] === 'string' ? String(detail[key]) : undefined);
  const extras = [
    typeof detail.level === 'number' ? `level ${detail.level}` : undefined,
    said('channel'),
    said('assignee') ? `to ${said('assignee')}` : undefined,
    said('from') && said('to') ? `${said('from')} → ${said('to')}` : undefined,
    said('reason'),
    said('text') ? `“${oneLine(said('text') ?? '').slice(0, 70)}”` : undefined,
  ].filter((part) => part !== undefined);
  const what =
    entry.type === 'mention' && detail.followUp === true
      ? 'customer wrote again'
      : entry.type.replaceAll('_', ' ');
  return [what, ...extras].join('  ');
};

/** A case as a person reads it: header, customer, deadline, triage, mentions, timeline, replies. */
export const formatCaseDetail = (detail: CaseDetail, now: Date): string => {
  const found = detail.case;
  const author = found.author;
  const reach =
    author.followers === undefined
      ? ''
      : ` · ${author.followers.toLocaleString('en-US')} followers`;
  const who = [author.name, author.handle ? `@${author.handle}` : undefined]
    .filter(Boolean)
    .join(' ');
  const lines = [
    `${found.caseId}  ${found.priority}  ${found.status}  (version ${found.version})`,
    `customer  ${who || author.id} on ${found.source}${reach}${found.chronic ? '  ~ chronic' : ''}`,
    `brand     ${found.brand}`,
    `deadline  ${deadlineLine(found, now)}`,
    `assignee  ${found.assignee ?? '-'}`,
    `triage    ${found.sentiment} · ${found.intents.join(', ') || 'no intent'}${found.urgency.length ? ` · urgent: ${found.urgency.join(', ')}` : ''} · ${found.needsResponse ? 'needs a reply' : 'no reply needed'}${found.amplify ? ' · ★ amplify' : ''}`,
    ...found.reasons.map(
      (reason, index) => `${index === 0 ? 'why       ' : '          '}${reason}`,
    ),
    ...(found.suggestedReply ? [`suggested “${oneLine(found.suggestedReply)}”`] : []),
    ...(found.mergedInto ? [`merged into ${found.mergedInto}`] : []),
    '',
    `mentions (${detail.mentions.length})`,
    ...detail.mentions.map(
      (mention) =>
        `  ${utc(mention.createdAt)}  ${authorLabel(mention.author)}  ${mention.deleted ? '(deleted)' : `“${oneLine(mention.text ?? '')}”`}${mention.url ? `  ${mention.url}` : ''}`,
    ),
    '',
    'timeline',
    ...detail.timeline.map(
      (entry) => `  ${utc(entry.at)}  ${column(entry.actor.id, 16)} ${describeEntry(entry)}`,
    ),
  ];
  if (detail.replies.length > 0) {
    lines.push(
      '',
      'replies',
      ...detail.replies.map(
        (reply) =>
          `  ${utc(reply.requestedAt)}  ${reply.visibility.padEnd(7)} ${reply.state.padEnd(7)} “${oneLine(reply.text).slice(0, 70)}”`,
      ),
    );
  }
  lines.push('', MARKER_LEGEND);
  return lines.join('\n');
};
