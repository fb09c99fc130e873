/** The one way a failed zod parse becomes words: one `path: message` line per issue. */
import type { ZodError } from 'zod';

/** One issue of a failed parse: where (dotted path) and what. */
export interface IssueAt {
  readonly path: string;
  readonly message: string;
}

export interface IssueOptions {
  /** Prefixed to every path (e.g. `body`). */
  readonly at?: readonly string[];
  /** Names a path that is empty because the whole value is wrong; `(root)` unless told. */
  readonly root?: string;
  /** At most this many issues, the first ones. */
  readonly limit?: number;
}

/** Each issue with its dotted path, for answers that list them field by field. */
export const zodIssues = (error: ZodError, options: IssueOptions = {}): IssueAt[] =>
  error.issues.slice(0, options.limit).map((issue) => {
    const path = [...(options.at ?? []), ...issue.path.map(String)].join('.');
    return { path: path || (options.root ?? '(root)'), message: issue.message };
  });

/** Each issue as `path: message`. */
export const zodIssueLines = (error: ZodError, options: IssueOptions = {}): string[] =>
  zodIssues(error, options).map((issue) => `${issue.path}: ${issue.message}`);
