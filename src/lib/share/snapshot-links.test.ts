import { describe, expect, test } from 'vitest';
import {
  embedCodeUnavailable,
  appBaseUrl,
  appSnapshotUrl,
  embedSnapshotUrl,
  embedSnippet,
  embedThemeFromSearch,
  snapshotTokenFromAppHash,
  snapshotTokenFromEmbedHash,
} from './snapshot-links.ts';

describe('snapshot URLs', () => {
  test('the app route and the embed page carry the token in the fragment', () => {
    expect(
      appSnapshotUrl('https://wiki.example/tools/credence/index.html?x=1#/experiments', 'v1.abc'),
    ).toBe('https://wiki.example/tools/credence/#/snapshot/v1.abc');
    expect(embedSnapshotUrl('https://wiki.example/tools/credence/', 'v1.abc')).toBe(
      'https://wiki.example/tools/credence/embed.html#v1.abc',
    );
    expect(embedSnapshotUrl('https://wiki.example/tools/credence/', 'v1.abc', 'dark')).toBe(
      'https://wiki.example/tools/credence/embed.html?theme=dark#v1.abc',
    );
  });

  test('the app base is the directory of any of its pages', () => {
    expect(appBaseUrl('http://127.0.0.1:5173/sub/embed.html?theme=dark#v1.x')).toBe(
      'http://127.0.0.1:5173/sub/',
    );
    expect(appBaseUrl('file:///home/me/credence.html#/snapshot/v1.x')).toBe('file:///home/me/');
  });

  test('tokens are read back from the hash', () => {
    expect(snapshotTokenFromAppHash('#/snapshot/v1.abc')).toBe('v1.abc');
    expect(snapshotTokenFromAppHash('#/experiments/3')).toBeNull();
    expect(snapshotTokenFromEmbedHash('#v1.abc')).toBe('v1.abc');
    expect(snapshotTokenFromEmbedHash('')).toBe('');
  });

  test('only "light" and "dark" override the theme', () => {
    expect(embedThemeFromSearch('?theme=dark')).toBe('dark');
    expect(embedThemeFromSearch('?theme=light')).toBe('light');
    expect(embedThemeFromSearch('?theme=<script>')).toBe('auto');
    expect(embedThemeFromSearch('')).toBe('auto');
  });
});

describe('embed snippet', () => {
  test('escapes the experiment name inside the title attribute', () => {
    const snippet = embedSnippet(
      'https://x.example/embed.html#v1.a',
      '"><script>alert(1)</script>',
    );
    expect(snippet).toContain(
      'title="Credence results: &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
    );
    expect(snippet.match(/<script>/g)).toHaveLength(1);
  });

  test('sizes only the iframe that sent the message, from a number', () => {
    const snippet = embedSnippet('https://x.example/embed.html#v1.a', 'Test', 400);
    expect(snippet).toContain('src="https://x.example/embed.html#v1.a"');
    expect(snippet).toContain('height="400"');
    expect(snippet).toContain('frame.contentWindow === event.source');
    expect(snippet).toContain("typeof event.data.height !== 'number'");
  });
});

describe('where embed code can come from', () => {
  test('a page opened from a file (the single-file build) cannot give embed code', () => {
    expect(embedCodeUnavailable('file:///home/me/credence.html#/experiments')).toMatch(
      /hosted app/,
    );
  });
  test('the hosted app can', () => {
    expect(embedCodeUnavailable('https://example.org/credence/#/x')).toBeNull();
    expect(embedCodeUnavailable('http://127.0.0.1:4173/')).toBeNull();
  });
});
