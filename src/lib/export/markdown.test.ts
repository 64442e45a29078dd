import { describe, expect, test } from 'vitest';
import { markdownCell, toMarkdownTable } from './markdown.ts';

describe('markdownCell', () => {
  test('escapes pipes and backslashes so a cell never splits', () => {
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('back\\slash|')).toBe('back\\\\slash\\|');
  });

  test('turns line breaks of every kind into <br>', () => {
    expect(markdownCell('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
  });

  test('shows markup as text', () => {
    expect(markdownCell('<img src=x onerror=alert(1)> & co')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; co',
    );
  });

  test('links, images and emphasis show as text', () => {
    expect(markdownCell('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
    expect(markdownCell('![x](https://evil.example/t.png)')).toBe(
      '!\\[x\\](https://evil.example/t.png)',
    );
    expect(markdownCell('*bold* _it_ `code` ~~gone~~')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~',
    );
    expect(markdownCell('[ref]: javascript:x')).toBe('\\[ref\\]: javascript:x');
  });

  test('numbers and missing values', () => {
    expect(markdownCell(0.5)).toBe('0.5');
    expect(markdownCell(Number.NaN)).toBe('');
    expect(markdownCell(null)).toBe('');
  });
});

test('a table has a header, an aligned separator and one line per row', () => {
  const table = toMarkdownTable(
    ['Arm', 'Rate'],
    [
      ['A|B', '10%'],
      ['C', null],
    ],
    ['left', 'right'],
  );
  expect(table).toBe(
    ['| Arm | Rate |', '| :--- | ---: |', '| A\\|B | 10% |', '| C |   |', ''].join('\n'),
  );
});
