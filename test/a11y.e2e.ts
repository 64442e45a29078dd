// Accessibility and first-impression checks of every screen, in both themes, at a laptop half-screen
// (700 px) and a full laptop screen (1280 px): axe-core's WCAG 2.1 A/AA rules, no NaN / Infinity /
// undefined anywhere on the page, a visible focus indicator on every Tab stop, one h1 and the
// landmarks. axe runs from node_modules, injected as a script: no network.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { snapshotToken } from './support/share.ts';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Tab stops checked per page: enough to walk every control of the longest page (Results) once. */
const MAX_TAB_STOPS = 250;

const session = browserSession();
let token: string;

beforeAll(async () => {
  token = await snapshotToken();
});

type Screen = {
  name: string;
  /** The URL's hash (or, for the embed card, path and hash), given the demo experiment's id. */
  path: (demoId: string) => string;
  /** Resolves once the screen shows what it will show (results computed, lists filled). */
  ready: (page: Page) => Promise<void>;
  /** The embed card lives in another site's page: it brings no site header or navigation. */
  embedded?: boolean;
  /** A Tab stop whose name must match: the chart values hover shows, reachable by keyboard. */
  chartValue?: RegExp;
};

const settled = (page: Page) =>
  expect
    .poll(() => page.locator('main').innerText(), { timeout: 60_000 })
    .not.toMatch(/Analysing|Loading|Computing/);

const SCREENS: Screen[] = [
  {
    name: 'experiments list',
    path: () => '#/',
    ready: async (page) => {
      await page.getByText(/leads, .*to be best/).waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'Design tab',
    path: (id) => `#/experiments/${id}/design`,
    ready: async (page) => {
      await page.getByRole('button', { name: /^Save/ }).waitFor();
    },
  },
  {
    name: 'Data tab',
    path: (id) => `#/experiments/${id}/data`,
    ready: async (page) => {
      await page.getByTestId('diagnostics').waitFor();
    },
  },
  {
    name: 'Results tab',
    path: (id) => `#/experiments/${id}/results`,
    chartValue: /posterior mean .* credible interval/,
    ready: async (page) => {
      await page.getByTestId('metric-table').waitFor({ timeout: 60_000 });
      await settled(page);
    },
  },
  {
    name: 'Methodology page',
    path: () => '#/methodology',
    ready: async (page) => {
      await page.getByTestId('metric-table').first().waitFor({ timeout: 60_000 });
      await settled(page);
    },
  },
  {
    name: 'Workspace page',
    path: () => '#/workspace',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1 }).waitFor();
    },
  },
  {
    name: 'snapshot page',
    path: () => `#/snapshot/${token}`,
    chartValue: /versus control, .* credible interval/,
    ready: async (page) => {
      await expect
        .poll(() => page.locator('main').innerText(), { timeout: 60_000 })
        .toContain('10.229');
      await settled(page);
    },
  },
  {
    name: 'embed card',
    path: () => `embed.html#${token}`,
    embedded: true,
    ready: async (page) => {
      await expect
        .poll(() => page.getByTestId('embed-table').first().textContent(), { timeout: 60_000 })
        .toContain('+4.99%');
    },
  },
];

const VIEWS = [
  { theme: 'light', width: 700 },
  { theme: 'dark', width: 700 },
  { theme: 'light', width: 1280 },
  { theme: 'dark', width: 1280 },
] as const;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 8)
        .map(
          (node) =>
            `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      return `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length} element(s)\n${nodes}`;
    })
    .join('\n');
}

async function axeViolations(page: Page): Promise<Result[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<AxeResults> };
        }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_21_AA,
  );
  return results.violations;
}

/** Text nodes and accessible-name attributes that show a broken number. */
async function brokenValues(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken = /NaN|Infinity|\bundefined\b|\bnull\b/;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent?.closest('script, style')) continue;
      if (broken.test(node.textContent ?? ''))
        found.push(`text: ${node.textContent!.trim().slice(0, 120)}`);
    }
    for (const element of document.querySelectorAll(
      '[aria-label], [title], [alt], [placeholder], [value]',
    )) {
      for (const name of ['aria-label', 'title', 'alt', 'placeholder', 'value']) {
        const value = element.getAttribute(name);
        if (value && broken.test(value)) found.push(`${name}: ${value.slice(0, 120)}`);
      }
    }
    return found;
  });
}

type FocusStop = { element: string; name: string; visible: boolean };

/**
 * Tabs through the page from the top until focus comes back round (or MAX_TAB_STOPS); for each stop
 * notes its name (roughly: label, labelling element, text or title) and compares the outline and
 * box-shadow (of the element and its two nearest ancestors, where a wrapper may draw the ring)
 * while focused with the same after blurring it.
 */
async function tabStops(page: Page): Promise<FocusStop[]> {
  await page.evaluate(() => {
    // Focusing the body makes the next Tab start from the top of the page.
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
    window.scrollTo(0, 0);
  });
  const stops: FocusStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < MAX_TAB_STOPS; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const chain = [element, element.parentElement, element.parentElement?.parentElement].filter(
        (e): e is Element => e !== null && e !== undefined,
      );
      const look = () =>
        chain
          .map((e) => {
            const style = getComputedStyle(e);
            const outline =
              style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0
                ? 'none'
                : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
            return `${outline} | ${style.boxShadow} | ${style.stroke} ${style.strokeWidth}`;
          })
          .join(' ; ');
      const focused = look();
      (element as HTMLElement).blur();
      const unfocused = look();
      (element as HTMLElement).focus();
      const labelledBy = element
        .getAttribute('aria-labelledby')
        ?.split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const name = (
        element.getAttribute('aria-label') ||
        labelledBy ||
        (element as HTMLInputElement).labels?.[0]?.innerText ||
        (element as HTMLElement).innerText ||
        element.getAttribute('title') ||
        ''
      ).trim();
      const description = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} “${name.slice(0, 60)}”`;
      // A path identifies the element so a wrap-around to the first stop ends the walk.
      const path: string[] = [];
      for (let e: Element | null = element; e; e = e.parentElement)
        path.unshift(
          `${e.tagName}:${e.parentElement ? [...e.parentElement.children].indexOf(e) : 0}`,
        );
      return { element: description, name, visible: focused !== unfocused, path: path.join('/') };
    });
    if (!stop) continue;
    if (seen.has(stop.path)) break;
    seen.add(stop.path);
    stops.push({ element: stop.element, name: stop.name, visible: stop.visible });
  }
  return stops;
}

async function structure(
  page: Page,
): Promise<{ h1: number; header: number; nav: number; main: number }> {
  return page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    header: document.querySelectorAll('header, [role=banner]').length,
    nav: document.querySelectorAll('nav, [role=navigation]').length,
    main: document.querySelectorAll('main, [role=main]').length,
  }));
}

for (const view of VIEWS) {
  describe(`${view.theme} theme at ${view.width} px`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    let demoId = '';

    beforeAll(async () => {
      // The app's CSP forbids inline scripts; the test lifts it to inject axe (security.e2e.ts checks the CSP).
      context = await session.browser.newContext({ bypassCSP: true });
      page = await context.newPage();
      errors = collectErrors(page);
      await page.setViewportSize({ width: view.width, height: 900 });
      await page.emulateMedia({ colorScheme: view.theme, reducedMotion: 'reduce' });
      await openDemoResults(page, session.server.url);
      demoId = /#\/experiments\/([^/]+)\//.exec(page.url())?.[1] ?? '';
      expect(demoId).not.toBe('');
    });

    afterAll(async () => {
      await context?.close();
    });

    for (const screen of SCREENS) {
      test(`${screen.name}: no axe violations, no broken numbers, focus visible, landmarks`, async () => {
        await page.goto(`${session.server.url}${screen.path(demoId)}`);
        await screen.ready(page);
        expect(
          await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme),
        ).toBe(view.theme);

        const violations = await axeViolations(page);
        expect
          .soft(violations.length, `axe violations:\n${describeViolations(violations)}`)
          .toBe(0);

        expect.soft(await brokenValues(page)).toEqual([]);

        const stops = await tabStops(page);
        expect.soft(stops.length).toBeGreaterThan(screen.embedded ? 0 : 4);
        expect.soft(stops.filter((stop) => !stop.visible).map((stop) => stop.element)).toEqual([]);
        expect
          .soft(stops.filter((stop) => stop.name === '').map((stop) => stop.element))
          .toEqual([]);
        if (screen.chartValue)
          expect.soft(stops.some((stop) => screen.chartValue!.test(stop.name))).toBe(true);

        const landmarks = await structure(page);
        expect.soft(landmarks.h1).toBe(1);
        expect.soft(landmarks.main).toBe(1);
        if (!screen.embedded) {
          expect.soft(landmarks.header).toBeGreaterThanOrEqual(1);
          expect.soft(landmarks.nav).toBeGreaterThanOrEqual(1);
        }
        expect(errors).toEqual([]);
      });
    }
  });
}
