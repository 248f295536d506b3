/**
 * The shipped rigs and their stories speak every language the visitor page offers (a file in
 * dashboard/exhibit/i18n/): every title, board name, node label, act title and caption, so a German
 * or French visitor reads no English beside translated headings. A name that reads the same in every
 * language ("A", "h1", "7") is exempt.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPageStrings, loadProfileLimits } from '../../src/hosts/node/exhibitFiles.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import type { PageStrings } from '../../src/platform/exhibitFiles.js';
import { isLanguageNeutral, textLanguages, type PlacedText } from '../../src/runtime/exhibitText.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import type { Rig } from '../../src/runtime/rig/schema.js';
import { rigLanguage, rigTexts } from '../../src/runtime/rig/words.js';
import type { Story } from '../../src/runtime/story/schema.js';
import { isCaptionKey, storyTexts } from '../../src/runtime/story/words.js';

let pageLanguages: string[];
let page: PageStrings;
const rigNames = ['xor', 'digits7'];

beforeAll(async () => {
  pageLanguages = (await readdir(join(PACKAGE_ROOT, 'dashboard', 'exhibit', 'i18n'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  page = await loadPageStrings();
});

/** "file field: lacks de, fr" for each text (or key) not in every page language. */
function untranslated(file: string, texts: readonly PlacedText[], fallback: string): string[] {
  return texts.flatMap(({ field, text }) => {
    if (isLanguageNeutral(text)) return [];
    const has = isCaptionKey(text) ? pageLanguages.filter((l) => page[l]?.[text] !== undefined) : textLanguages(text, fallback);
    const missing = pageLanguages.filter((l) => !has.includes(l));
    return missing.length > 0 ? [`${file} ${field}: lacks ${missing.join(', ')}`] : [];
  });
}

async function shipped(name: string): Promise<{ rig: Rig; story: Story }> {
  const rig = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs', `${name}.json`), 'utf8')) as Rig;
  const story = JSON.parse(await readFile(join(BOARDS_DIR, 'stories', `${rig.story}.json`), 'utf8')) as Story;
  return { rig, story };
}

describe('the shipped rigs in every language the page offers', () => {
  it('the page offers en, de and fr', () => {
    expect(pageLanguages).toEqual(['de', 'en', 'fr']);
  });

  it.each(rigNames)('%s: every title, board name and node label is in every page language, and the rig loads', async (name) => {
    const { rig } = await shipped(name);
    validateRig(rig, `${name}.json`, await loadProfileLimits());
    expect(untranslated(`${name}.json`, rigTexts(rig), rigLanguage(rig))).toEqual([]);
  });

  it.each(rigNames)("%s: its story's act titles and captions are in every page language", async (name) => {
    const { rig, story } = await shipped(name);
    expect(untranslated(`${story.name}.json`, storyTexts(story), rigLanguage(rig))).toEqual([]);
  });

  it('catches a shipped text missing a language: an English-only board name, a caption key no page file has', async () => {
    const { rig, story } = await shipped('xor');
    rig.boards[3]!.name = 'answer';
    expect(untranslated('xor.json', rigTexts(rig), 'en')).toEqual(['xor.json /boards/3/name: lacks de, fr']);
    const keyed = { ...story, acts: [{ ...story.acts[0]!, title: 'story.vote.oneNeuron.title' }] };
    expect(untranslated('xor-story.json', storyTexts(keyed).slice(0, 1), 'en')).toEqual(['xor-story.json /acts/0/title: lacks de, en, fr']);
  });
});
