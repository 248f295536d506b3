/**
 * Colours the pages can be read by (dashboard/kit/contrast.js, a plain browser module loaded here by
 * URL): numbers on nodes of any brightness (issue 11 item 14), and the weights' one colour meaning
 * (kit/weights.css: blue pushes, orange holds back) seen against every panel and board they are
 * drawn on, in both pages and both themes, and said in words beside each drawing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/hosts/node/paths.js';

const { blend, contrast, parseColor, textColorOn } = await import(new URL('../../../dashboard/kit/contrast.js', import.meta.url).href);

const DASHBOARD = join(PACKAGE_ROOT, 'dashboard');
const read = (file: string) => readFileSync(join(DASHBOARD, file), 'utf8');
type Theme = 'light' | 'dark';

/** The custom properties of a stylesheet in each theme: its first :root block is `base`, a prefers-color-scheme block overrides its theme. */
function themeVars(css: string, base: Theme): Record<Theme, Record<string, string>> {
  const vars = (block: string) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
  const first = vars(/:root\s*\{([^}]*)\}/.exec(css)![1]!);
  const themes: Record<Theme, Record<string, string>> = { light: { ...first }, dark: { ...first } };
  for (const m of css.matchAll(/@media \(prefers-color-scheme: (light|dark)\)\s*\{\s*:root\s*\{([^}]*)\}/g)) {
    if (m[1] !== base) Object.assign(themes[m[1] as Theme], vars(m[2]!));
  }
  return themes;
}

describe('textColorOn', () => {
  it('gives at least 4.5:1 (WCAG AA) on a node of any brightness, in the dark and the light theme', () => {
    const lit = parseColor('#ffcf3f');
    for (const panel of ['#181d24', '#fff']) {
      for (let alpha = 0; alpha <= 1.0001; alpha += 0.01) {
        const backdrop = blend(lit, parseColor(panel), alpha);
        const ratio = contrast(parseColor(textColorOn(backdrop)), backdrop);
        expect(ratio, `${panel} at ${alpha.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('reads colours as CSS gives them', () => {
    expect(parseColor(' #ffcf3f')).toEqual([255, 207, 63]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(24, 29, 36)')).toEqual([24, 29, 36]);
    expect(() => parseColor('yellowish')).toThrow(/not a colour/);
  });
});

describe("the weights' colours (kit/weights.css)", () => {
  const weights = themeVars(read('kit/weights.css'), 'light');
  const opacity = Number(/\.edge\s*\{[^}]*opacity:\s*([\d.]+)/.exec(read('kit/weights.css'))![1]);
  /** What each page draws links on, by the custom property naming it. */
  const pages = [
    { page: 'console', vars: themeVars(read('console/style.css'), 'dark'), under: ['panel'] },
    { page: 'exhibit', vars: themeVars(read('exhibit/style.css'), 'light'), under: ['panel', 'board'] },
  ];

  it('are the same two on both pages: each page takes them from the kit and defines none of its own', () => {
    for (const { page } of pages) {
      expect(read(`${page}/index.html`), page).toContain('href="/kit/weights.css"');
      expect(read(`${page}/style.css`), page).not.toMatch(/--pos:|--neg:|\.edge\.(pos|neg)\s*\{/);
    }
    expect(weights.light).toMatchObject({ pos: expect.any(String), neg: expect.any(String) });
    expect(weights.dark.pos).not.toBe(weights.light.pos);
  });

  it('have at least 3:1 (WCAG 1.4.11) against every panel and board under the links, light and dark, at the links\' opacity', () => {
    expect(opacity).toBeGreaterThan(0);
    const found: string[] = [];
    for (const { page, vars, under } of pages) {
      for (const theme of ['light', 'dark'] as const) {
        for (const name of under) {
          const backdrop = parseColor(vars[theme][name]!);
          for (const weight of ['pos', 'neg']) {
            const drawn = blend(parseColor(weights[theme][weight]!), backdrop, opacity);
            const ratio = contrast(drawn, backdrop);
            found.push(`${page} ${theme} ${weight} on --${name}: ${ratio.toFixed(2)}`);
            expect(ratio, found.at(-1)).toBeGreaterThanOrEqual(3);
          }
        }
      }
    }
    expect(found).toHaveLength(2 * 2 * (1 + 2)); // two colours, two themes, the console's panel and the exhibit's panel and boards
  });

  it('are said in words beside each drawing: the console\'s legend, and the visitor page\'s in English, German and French', () => {
    const legend = /<p class="legend">(.*?)<\/p>/s.exec(read('console/index.html'))![1]!;
    expect(legend).toMatch(/swatch pos.*blue.*pushes the next neuron on.*swatch neg.*orange.*holds it back/s);
    const words: Record<string, [RegExp, RegExp]> = { en: [/Blue lines push/, /Orange lines hold it back/], de: [/Blaue Linien schalten es ein/, /Orange Linien halten es zurück/], fr: [/lignes bleues l'allument/, /lignes orange le retiennent/] };
    for (const [lang, [push, hold]] of Object.entries(words)) {
      const text = (JSON.parse(read(`exhibit/i18n/${lang}.json`)) as Record<string, string>)['network.legend']!;
      expect(text, lang).toMatch(push);
      expect(text, lang).toMatch(hold);
    }
  });
});
