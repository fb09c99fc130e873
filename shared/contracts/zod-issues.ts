/** The one way a failed zod parse becomes words: one `path: message` line per issue. */
import type { ZodError } from 'zod';

/**
 * Each issue as `path: message`; `at` is prefixed to every path (e.g. `body`), and `root` names a
 * path that is empty because the whole value is wrong.
 */
export const zodIssueLines = (
  error: ZodError,
  options: { readonly at?: readonly string[]; readonly root?: string } = {},
): string[] =>
  error.issues.map((issue) => {
    const path = [...(options.at ?? []), ...issue.path.map(String)].join('.');
    return `${path || (options.root ?? '(root)')}: ${issue.message}`;
  });
