/** `responder correct` and `responder labels export`: the team's corrections of triage. */

import type { Case } from '../../shared/contracts/case';
import type { CaseMention } from '../../shared/contracts/case-records';
import { type ApiTarget, callApi } from './api-client';

/** One line of `labels export`: the text, the person's labels, and what triage had said. */
export interface LabelledMentionLine {
  readonly id: string;
  readonly text: string;
  readonly language?: string;
  readonly source: string;
  readonly brand: string;
  readonly createdAt: string;
  readonly sentiment?: string;
  readonly complaint?: boolean;
  readonly intents?: readonly string[];
  readonly priority?: string;
  readonly needsResponse?: boolean;
  readonly predicted?: {
    readonly sentiment: string;
    readonly complaint: boolean;
    readonly priority: string;
    readonly needsResponse: boolean;
  };
}

/**
 * The export line of a labelled mention; `complaint` comes from the label's own answer or, when
 * only intents were corrected, from whether they name a complaint. Deleted posts have no text and
 * give no line.
 */
export const labelledMentionLine = (mention: CaseMention): LabelledMentionLine | undefined => {
  const { label, triage } = mention;
  if (!label || mention.text === undefined) return undefined;
  const complaint = label.complaint ?? label.intents?.includes('complaint');
  return {
    id: mention.id,
    text: mention.text,
    ...(mention.language ? { language: mention.language } : {}),
    source: mention.source,
    brand: mention.brand,
    createdAt: mention.createdAt,
    ...(label.sentiment ? { sentiment: label.sentiment } : {}),
    ...(complaint === undefined ? {} : { complaint }),
    ...(label.intents ? { intents: label.intents } : {}),
    ...(label.priority ? { priority: label.priority } : {}),
    ...(label.needsResponse === undefined ? {} : { needsResponse: label.needsResponse }),
    ...(triage
      ? {
          predicted: {
            sentiment: triage.classification.sentiment,
            complaint: triage.classification.complaint,
            priority: triage.priority,
            needsResponse: triage.needsResponse,
          },
        }
      : {}),
  };
};

/** Every labelled mention of the deployment, one JSON line each, through `GET /labels`. */
export const exportLabels = async (target: ApiTarget): Promise<string[]> => {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await callApi(
      target,
      'GET',
      `/labels${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const mention of answer.items as CaseMention[]) {
      const line = labelledMentionLine(mention);
      if (line) lines.push(JSON.stringify(line));
    }
    cursor = typeof answer.cursor === 'string' ? answer.cursor : undefined;
  } while (cursor);
  return lines;
};

/** Corrects a case's triage at its current version (read first, then correct). */
export const correctTriage = async (
  target: ApiTarget,
  caseId: string,
  correction: Record<string, unknown>,
): Promise<string> => {
  const path = `/cases/${encodeURIComponent(caseId)}`;
  const { case: current } = (await callApi(target, 'GET', path)) as { case: Case };
  const answer = await callApi(target, 'POST', `${path}/triage-correction`, {
    version: current.version,
    ...correction,
  });
  const after = answer.case as Case;
  return `${after.caseId} corrected: ${after.priority}, ${after.sentiment}, ${after.intents.join('+')}, ${after.needsResponse ? 'needs a reply' : 'needs no reply'} (version ${after.version})`;
};
