/**
 * The visitor page's language files (dashboard/exhibit/i18n/*.json): every language has every key English has
 * and no other, with the same {placeholders}, and every file is offered on the page. Captions follow
 * EXHIBIT.md's text rule (at most 25 words a sentence). Every act title and scene caption a story
 * (boards/stories/*.json) names is a key of every language.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../../src/hosts/node/paths.js';

const DIR = join(PACKAGE_ROOT, 'dashboard', 'exhibit', 'i18n');
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

const STORIES = join(BOARDS_DIR, 'stories');
const storyFiles = existsSync(STORIES) ? readdirSync(STORIES).filter((f) => f.endsWith('.json')) : [];
const languages = Object.fromEntries(files.map((f) => [f, read(f)]));

/** The i18n keys a story document shows: every `title` and `caption` string, wherever it sits. */
function storyKeys(doc: unknown): string[] {
  if (Array.isArray(doc)) return doc.flatMap(storyKeys);
  if (typeof doc !== 'object' || doc === null) return [];
  return Object.entries(doc).flatMap(([field, value]) => ((field === 'title' || field === 'caption') && typeof value === 'string' ? [value] : storyKeys(value)));
}

/** The story keys some language lacks, as readable lines. */
function missingStoryKeys(story: unknown, name: string, langs: Record<string, Record<string, string>>): string[] {
  const keys = [...new Set(storyKeys(story))];
  return Object.entries(langs).flatMap(([file, strings]) => keys.filter((k) => !(k in strings)).map((k) => `${file}: "${k}" (used by ${name}) is missing`));
}

/** The keys the story contract names (shipped stories) and the page's own story strings. */
const CONTRACT_KEYS = [
  ...['title', 'learnAnd', 'andLearned', 'learnOr', 'orLearned', 'tryXor', 'noLine'].map((k) => `story.oneNeuron.${k}`),
  ...['title', 'switchOn', 'learning', 'learned'].map((k) => `story.hiddenLayer.${k}`),
  'story.yourTurn.title', 'story.yourTurn.invite',
  'story.digits.title', 'story.digits.learning', 'story.digits.learned',
  'story.attract', 'story.handedOver', 'story.act',
];

describe('visitor page languages', () => {
  it('has English and at least two other languages, each offered on the page', () => {
    expect(files).toContain('en.json');
    expect(files.length).toBeGreaterThanOrEqual(3);
    const listed = /LANGUAGES = \[([^\]]*)\]/.exec(readFileSync(join(PACKAGE_ROOT, 'dashboard', 'exhibit', 'js', 'i18n.js'), 'utf8'))?.[1] ?? '';
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

  it('has every story key the story contract names, in every language', () => {
    for (const [file, strings] of Object.entries(languages)) {
      expect(CONTRACT_KEYS.filter((k) => !(k in strings)), file).toEqual([]);
    }
  });

  it(`has every act title and scene caption used by boards/stories/*.json (${storyFiles.join(', ') || 'none yet'}), in every language`, () => {
    const problems = storyFiles.flatMap((f) => missingStoryKeys(JSON.parse(readFileSync(join(STORIES, f), 'utf8')), f, languages));
    expect(problems).toEqual([]);
  });

  it('finds a story key missing in one language (the story check itself works)', () => {
    const story = {
      name: 'test',
      acts: [
        { id: 'one', title: 'story.oneNeuron.title', scenes: [{ hold: { ms: 1 }, caption: 'story.oneNeuron.noLine' }] },
        { id: 'two', title: 'story.nowhere.title', scenes: [{ invite: { ms: 1 }, caption: 'story.yourTurn.invite' }] },
      ],
    };
    expect(storyKeys(story)).toEqual(['story.oneNeuron.title', 'story.oneNeuron.noLine', 'story.nowhere.title', 'story.yourTurn.invite']);
    const { 'story.yourTurn.invite': _dropped, ...german } = languages['de.json']!;
    expect(missingStoryKeys(story, 'test.json', { 'en.json': english, 'de.json': german })).toEqual([
      'en.json: "story.nowhere.title" (used by test.json) is missing',
      'de.json: "story.nowhere.title" (used by test.json) is missing',
      'de.json: "story.yourTurn.invite" (used by test.json) is missing',
    ]);
  });
  it('French puts a non-breaking space (never a plain one, never none) before : ; ? and !', () => {
    const problems = Object.entries(read('fr.json')).flatMap(([key, text]) =>
      [...text.matchAll(/(.)([:;?!])/gu)].filter((m) => m[1] !== '\u00a0' && m[1] !== '\u202f').map((m) => `"${key}": ${JSON.stringify(m[0])} in ${text}`),
    );
    expect(problems).toEqual([]);
  });

  it("German's drawing legend calls the neuron 'es' throughout, never 'er' (the circle)", () => {
    const legend = read('de.json')['network.legend']!;
    expect(legend).not.toMatch(/\b[Ee]r\b/);
    expect(legend).toMatch(/\bes\b/);
  });

  it('names the learning rule and how wrong it still is in plain words, with how many are right while it learns', () => {
    for (const [file, strings] of Object.entries(languages)) {
      expect(placeholders(strings['tally.running']!), file).toEqual(['correct', 'kept', 'loss', 'size', 'tried']);
      expect(placeholders(strings['tally.perceptron']!), file).toEqual(['correct', 'round', 'size']);
    }
    expect(english['tally.running']).not.toMatch(/The error is/);
    expect(english['tally.running']).toMatch(/How wrong it still is: \{loss\}/);
    expect(english['tally.perceptron']).toMatch(/perceptron rule: after a wrong answer/);
  });
});
