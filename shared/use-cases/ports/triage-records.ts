/** What mention triage reads and writes: the port the DynamoDB triage store implements. */
import type { Case, TimelineEntry } from '../../contracts/case';
import type {
  AuthorProfile,
  CaseMention,
  MentionSeen,
  ThreadRecord,
} from '../../contracts/case-records';

/** Another writer changed an item this transaction read; re-read and try again. */
export class TriageConflictError extends Error {
  override name = 'TriageConflictError';
}

/** An item the transaction writes, with the version it read (absent: the item must be new). */
export interface Versioned<T> {
  readonly next: T;
  readonly expectedVersion?: number;
}

/**
 * Everything one mention changes, written in one transaction (the author only when the mention
 * opens a case: a follow-up's author update comes after, `updateAuthor`). A revision (`mention.revisionOf`)
 * is also pointed to from its post, and is refused as a conflict once the post is deleted.
 */
export interface TriageWrite {
  readonly seen: MentionSeen;
  readonly mention?: CaseMention;
  /** The case as written, and as it was read (absent for a new case), with its new entries. */
  readonly case?: {
    readonly previous?: Case;
    readonly next: Case;
    readonly timeline: readonly TimelineEntry[];
  };
  readonly author?: Versioned<AuthorProfile>;
  readonly thread?: Versioned<ThreadRecord>;
}

export interface TriageRecords {
  getSeen(mentionId: string): Promise<MentionSeen | undefined>;
  getCase(caseId: string): Promise<Case | undefined>;
  /** An author's profile and the profiles of the identities linked to it (the same person elsewhere). */
  getAuthorWithLinks(
    source: string,
    authorId: string,
  ): Promise<{ profile: AuthorProfile | undefined; linked: AuthorProfile[] }>;
  getThread(source: string, conversationId: string): Promise<ThreadRecord | undefined>;
  /** The author's triage profile alone; undefined when triage has not written one. */
  getAuthorProfile(source: string, authorId: string): Promise<AuthorProfile | undefined>;
  /** Updates the author's triage profile on its own: `conflict` when its version moved on. */
  updateAuthor(author: Versioned<AuthorProfile>): Promise<'updated' | 'conflict'>;
  /**
   * Writes a mention's effects atomically: `duplicate` when the mention was already handled
   * (nothing written); throws TriageConflictError when an item read before changed.
   */
  commit(write: TriageWrite): Promise<'committed' | 'duplicate'>;
  clearPendingEvents(mentionId: string): Promise<void>;
  /** The ids of the revisions (edits) of a post that triage recorded. */
  listRevisions(mentionId: string): Promise<string[]>;
  /** Blanks a deleted mention's text (and its case's excerpt); false when the item is gone. */
  markMentionDeleted(seen: MentionSeen, deletedAt: string, now: Date): Promise<boolean>;
}
