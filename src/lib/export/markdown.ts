// A GitHub-flavoured Markdown table that pastes into a wiki as a table and never as markup: pipes,
// backslashes and the inline Markdown punctuation ([ ] for links and images, * _ ~ ` for emphasis and
// code) are backslash-escaped, line breaks become <br>, and angle brackets and ampersands become
// entities so a name like "[click](javascript:…)" or "<img onerror=…>" shows as text.

export type Alignment = 'left' | 'right' | 'center';

export function markdownCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return text
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>')
    .trim();
}

const SEPARATOR: Record<Alignment, string> = { left: ':---', right: '---:', center: ':---:' };

export function toMarkdownTable(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  alignments: readonly Alignment[] = [],
): string {
  const line = (cells: readonly (string | number | null | undefined)[]) =>
    `| ${header.map((_, i) => markdownCell(cells[i]) || ' ').join(' | ')} |`;
  const separator = `| ${header.map((_, i) => SEPARATOR[alignments[i] ?? 'left']).join(' | ')} |`;
  return [line(header), separator, ...rows.map(line)].join('\n') + '\n';
}
