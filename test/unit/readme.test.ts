import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '../..');
const docs = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name)),
];
const read = (file: string) => readFileSync(file, 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (file: string) =>
  new Set(
    read(file)
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );

/** Every relative link of a Markdown file, outside code blocks: `[text](target)`. */
const linksOf = (file: string) =>
  [
    ...read(file)
      .replace(/```[\s\S]*?```/g, '')
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));

describe('README and docs', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of docs) {
      for (const link of linksOf(file)) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? file : join(dirname(file), path);
        const where = `${relative(root, file)} → ${link}`;
        if (!existsSync(target)) broken.push(`${where}: no such file`);
        else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
          broken.push(`${where}: no such heading`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("run only npm scripts the package has in the README's commands", () => {
    const { scripts } = JSON.parse(read(join(root, 'package.json'))) as {
      scripts: Record<string, string>;
    };
    const commands = [...read(join(root, 'README.md')).matchAll(/`{1,3}[^`]*`{1,3}/g)].join('\n');
    const named = [...commands.matchAll(/npm (?:run (?:--silent )?)?([a-z][\w:-]*)/g)]
      .map((match) => match[1] as string)
      .filter((name) => !['ci', 'run', 'install'].includes(name));
    expect(named).toContain('start');
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });
});
