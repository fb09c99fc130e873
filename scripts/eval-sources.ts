/**
 * Where evaluation data comes from and under which licence, as the data folder's README.md states
 * it: a Markdown table with a `file` column and a `source` column (which names the licence).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const NOT_STATED =
  'source and licence not stated (no row for it in a README.md beside it): check them before use';

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/** Each file's source (with its licence), by file name, from a README's table. */
export const parseDataSources = (readme: string): Map<string, string> => {
  const sources = new Map<string, string>();
  let columns: { file: number; source: number } | undefined;
  for (const line of readme.split('\n')) {
    if (!line.trim().startsWith('|')) {
      columns = undefined;
      continue;
    }
    const row = cells(line);
    if (columns === undefined) {
      const headers = row.map((cell) => cell.replace(/`/g, '').toLowerCase());
      const file = headers.indexOf('file');
      const source = headers.findIndex((header) => header.startsWith('source'));
      if (file >= 0 && source >= 0) columns = { file, source };
      continue;
    }
    const file = row[columns.file]?.replace(/`/g, '');
    const source = row[columns.source];
    if (file && source && !/^-+$/.test(file)) sources.set(file, source);
  }
  return sources;
};

/** The source and licence of one data file, from the README.md in its folder. */
export const sourceOf = (path: string): string => {
  const readme = join(dirname(path), 'README.md');
  if (!existsSync(readme)) return NOT_STATED;
  return parseDataSources(readFileSync(readme, 'utf8')).get(basename(path)) ?? NOT_STATED;
};
