/**
 * The visitor page's language files (visitor/i18n/*.json): every language has every key English has
 * and no other, with the same {placeholders}, and every file is offered on the page. Captions follow
 * EXHIBIT.md's text rule (at most 25 words a sentence).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

const DIR = join(PACKAGE_ROOT, 'visitor', 'i18n');
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, string>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const english = read('en.json');
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** The keys `other` lacks and the keys it has that English does not, as readable lines. */
function keyProblems(reference: Record<string, string>, other: Record<string, string>, name: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(reference)) {
    if (!(key in other)) problems.push(`${name}: "${key}" is missing`);
    else if (placeholders(reference[key]!).join() !== placeholders(other[key]!).join()) {
      problems.push(`${name}: "${key}" has {${placeholders(other[key]!).join('}, {')}}, English has {${placeholders(reference[key]!).join('}, {')}}`);
    }
  }
  for (const key of Object.keys(other)) if (!(key in reference)) problems.push(`${name}: "${key}" is not in en.json`);
  return problems;
}

describe('visitor page languages', () => {
  it('has English and at least two other languages, each offered on the page', () => {
    expect(files).toContain('en.json');
    expect(files.length).toBeGreaterThanOrEqual(3);
    const listed = /LANGUAGES = \[([^\]]*)\]/.exec(readFileSync(join(PACKAGE_ROOT, 'visitor', 'js', 'i18n.js'), 'utf8'))?.[1] ?? '';
    expect([...listed.matchAll(/'([a-z]{2})'/g)].map((m) => m[1]).sort()).toEqual(files.map((f) => f.slice(0, 2)).sort());
  });

  it.each(files.filter((f) => f !== 'en.json'))('%s has every key of en.json, no other, with the same placeholders', (file) => {
    expect(keyProblems(english, read(file), file)).toEqual([]);
    for (const [key, text] of Object.entries(read(file))) expect(text.trim(), `${file}: "${key}" is empty`).not.toBe('');
  });

  it('finds a missing key and a changed placeholder (the check itself works)', () => {
    const { lead: _dropped, ...lacking } = english;
    expect(keyProblems(english, { ...lacking, 'caption.reads': 'reads {digit}' }, 'xx.json')).toEqual([
      'xx.json: "lead" is missing',
      'xx.json: "caption.reads" has {digit}, English has {answer}',
    ]);
  });

  it.each(files)('%s: every sentence has at most 25 words', (file) => {
    for (const [key, text] of Object.entries(read(file))) {
      for (const sentence of text.split(/(?<=[.!?])\s+/)) {
        expect(sentence.split(/\s+/).filter((w) => /\w/.test(w)).length, `${file} "${key}": ${sentence}`).toBeLessThanOrEqual(25);
      }
    }
  });
});
