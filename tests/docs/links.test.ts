import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link and image in the project's Markdown (README.md, client/README.md, docs/**)
 * points at a file or folder that exists in the repository. Links to other sites (`https:`,
 * `mailto:`…) and to an anchor of the same page are not checked; the `#anchor` or `?query` of a
 * relative link is ignored. Links inside code (fenced blocks and `inline code`) are not links.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface MarkdownLink {
  target: string;
  /** 1-based line of the link in its file. */
  line: number;
  image: boolean;
}

/** README.md, client/README.md and every .md under docs/, as paths relative to the repository root. */
function markdownFiles(): string[] {
  const files = ['README.md', 'client/README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  walk('docs');
  return files;
}

/** The text with code blocks and code spans blanked out (same length, same line breaks). */
function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let inFence: string | null = null;
  const lines = markdown.split('\n').map((line) => {
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (inFence !== null) {
      if (fence && fence[0] === inFence[0] && fence.length >= inFence.length) inFence = null;
      return blank(line);
    }
    if (fence) {
      inFence = fence;
      return blank(line);
    }
    return line;
  });
  // A code span: a run of backticks up to the next run of the same length.
  return lines.join('\n').replace(/(`+)[\s\S]*?\1/g, blank);
}

const INLINE =
  /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE = /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const HTML = /<(img|a)\b[^>]*?\s(src|href)\s*=\s*("[^"]*"|'[^']*')/gi;

/** Inline links and images (also nested, `[![alt](img)](link)`), reference definitions, HTML img/a. */
function markdownLinks(markdown: string): MarkdownLink[] {
  const text = withoutCode(markdown);
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const unwrap = (target: string) => (target.startsWith('<') ? target.slice(1, -1) : target);
  const links: MarkdownLink[] = [];

  const inline = (part: string, offset: number): void => {
    for (const m of part.matchAll(INLINE)) {
      const [, bang, label = '', target = ''] = m;
      links.push({ target: unwrap(target), line: lineAt(offset + m.index), image: bang === '!' });
      inline(label, offset + m.index + bang!.length + 1);
    }
  };
  inline(text, 0);
  for (const m of text.matchAll(REFERENCE)) {
    links.push({ target: unwrap(m[1]!), line: lineAt(m.index), image: false });
  }
  for (const m of text.matchAll(HTML)) {
    links.push({ target: m[3]!.slice(1, -1), line: lineAt(m.index), image: m[1]!.toLowerCase() === 'img' });
  }
  return links.sort((a, b) => a.line - b.line);
}

/** A link that leaves the page for another site or protocol, or stays on it (`#anchor`). */
function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('#');
}

/** The repository path a relative link of `file` points at (a leading `/` is the repository root). */
function resolveLink(file: string, target: string): string {
  const bare = decodeURI(target.replace(/[?#].*$/, ''));
  return bare.startsWith('/') ? path.join(ROOT, bare) : path.resolve(ROOT, path.dirname(file), bare);
}

/** "file:line → target (why)" for every relative link of `file` that does not resolve. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of markdownLinks(readFileSync(path.join(ROOT, file), 'utf8'))) {
    if (isExternal(link.target)) continue;
    const where = `${file}:${link.line} → ${link.target}`;
    if (link.target.trim() === '') {
      broken.push(`${where} (empty link)`);
      continue;
    }
    const resolved = resolveLink(file, link.target);
    const inside = path.relative(ROOT, resolved);
    if (inside.startsWith('..') || path.isAbsolute(inside)) broken.push(`${where} (outside the repository)`);
    else if (!existsSync(resolved)) broken.push(`${where} (no such file)`);
  }
  return broken;
}

describe('Markdown links', () => {
  const files = markdownFiles();

  it('finds the documents (README.md, client/README.md, docs/**/*.md)', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'client/README.md', 'docs/architecture.md']));
    expect(files.some((f) => f.startsWith('docs/decisions/'))).toBe(true);
  });

  it.each(files)('every relative link and image in %s resolves', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('sees the README screenshot, so a parser that finds nothing cannot pass', () => {
    const links = markdownLinks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(links).toContainEqual(
      expect.objectContaining({ target: 'docs/screenshots/workspace.png', image: true }),
    );
  });
});

describe('the link parser', () => {
  const targets = (markdown: string) =>
    markdownLinks(markdown).map((l) => `${l.image ? '!' : ''}${l.target}`);

  it('reads links, images, titles, angle brackets, nested images and reference definitions', () => {
    const markdown = [
      'See [the guide](docs/guide.md#setup "Guide") and ![shot](<docs/a b.png>).',
      '[![badge](img/badge.svg)](docs/x.md)',
      '[Wiki](https://example.org/page_(x)) [top](#top) [mail](mailto:a@b.c)',
      '',
      '[ref]: ../other.md',
      '<img src="docs/pic.png" alt="">',
    ].join('\n');
    expect(targets(markdown)).toEqual([
      'docs/guide.md#setup',
      '!docs/a b.png',
      'docs/x.md',
      '!img/badge.svg',
      'https://example.org/page_(x)',
      '#top',
      'mailto:a@b.c',
      '../other.md',
      '!docs/pic.png',
    ]);
    expect(markdownLinks(markdown).map((l) => l.line)).toEqual([1, 1, 2, 2, 3, 3, 3, 5, 6]);
  });

  it('ignores links inside fenced code blocks and code spans', () => {
    const markdown = [
      '```md',
      '[not](a.md)',
      '```',
      'Text `[nor](b.md)` and ``[x](c.md)``.',
      '[yes](d.md)',
    ].join('\n');
    expect(targets(markdown)).toEqual(['d.md']);
  });

  it('resolves relative to the file, a leading slash from the repository root, without #anchor or ?query', () => {
    expect(resolveLink('docs/decisions/001.md', '../architecture.md#layout')).toBe(
      path.join(ROOT, 'docs/architecture.md'),
    );
    expect(resolveLink('client/README.md', '/docs/architecture.md')).toBe(
      path.join(ROOT, 'docs/architecture.md'),
    );
    expect(resolveLink('README.md', 'docs/screenshots/a%20b.png?raw=1')).toBe(
      path.join(ROOT, 'docs/screenshots/a b.png'),
    );
    expect(isExternal('https://example.org')).toBe(true);
    expect(isExternal('#section')).toBe(true);
    expect(isExternal('docs/x.md')).toBe(false);
  });
});
