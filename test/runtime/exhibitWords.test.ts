/**
 * A rig and its story carry their own words per language (docs/rigs.md, "Text in several
 * languages"): what loads, what the API hands the pages, what is refused and what is warned about.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { isNbError } from '../../src/core/errors.js';
import { loadPageStrings, loadProfileLimits } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import type { ProfileLimits } from '../../src/runtime/rig/validate.js';
import { storyWarnings, validateStory } from '../../src/runtime/story/load.js';
import type { PageStrings } from '../../src/platform/exhibitFiles.js';
import { buildApp } from '../../src/server/app.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';

let xorRig: Record<string, any>;
let xorStory: Record<string, any>;
let profiles: Record<string, ProfileLimits>;
let page: PageStrings;
const storyRig = { name: 'xor', network: { layers: [2, 3, 1] }, language: 'en', languages: ['en', 'de'] };

beforeAll(async () => {
  xorRig = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, any>;
  xorStory = JSON.parse(await readFile(join(BOARDS_DIR, 'stories/xor.json'), 'utf8')) as Record<string, any>;
  profiles = await loadProfileLimits();
  page = await loadPageStrings();
});

/** The XOR rig in English and German only (plain labels A, B, h1-h3 as it ships), with `edit` applied. */
function bilingualRig(edit: (rig: any) => void = () => {}): any {
  const rig = structuredClone(xorRig);
  delete rig.story;
  rig.title = { en: 'Exactly one?', de: 'Genau einer?' };
  const names = [['input A', 'Eingang A'], ['input B', 'Eingang B'], ['hidden layer', 'verborgene Schicht'], ['answer', 'Antwort']];
  rig.boards.forEach((board: any, b: number) => (board.name = { en: names[b]![0], de: names[b]![1] }));
  rig.boards[3].channels[0].label = { en: 'yes', de: 'ja' };
  edit(rig);
  return rig;
}

function refusal(run: () => unknown, code: 'NB_ERR_INVALID_RIG' | 'NB_ERR_INVALID_STORY'): { message: string; field: string | undefined } {
  try {
    run();
  } catch (err) {
    if (isNbError(err, code)) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe("a rig's own words", () => {
  it('loads a title, board names and labels given per language, with no warning when every language is there', () => {
    const loaded = validateRig(bilingualRig(), 'two.json', profiles);
    expect(loaded.rig.title).toEqual({ en: 'Exactly one?', de: 'Genau einer?' });
    expect(loaded.warnings).toEqual([]);
  });

  it('warns of each missing translation, naming the file, the field and the language', () => {
    const loaded = validateRig(
      bilingualRig((rig) => {
        rig.boards[3].channels[0].label = 'yes';
        rig.boards[2].name = { en: 'hidden layer' };
      }),
      'two.json',
      profiles,
    );
    expect(loaded.warnings).toEqual([
      'two.json /boards/2/name: no "de" text: visitors reading de see "hidden layer"',
      'two.json /boards/3/channels/0/label: no "de" text: visitors reading de see "yes"',
    ]);
  });

  it('asks nothing of a rig written in one language (plain strings mean its default language)', () => {
    const english = bilingualRig((rig) => {
      rig.title = 'Exactly one?';
      for (const board of rig.boards) board.name = board.name.en;
      rig.boards[3].channels[0].label = 'yes';
    });
    expect(validateRig(english, 'xor.json', profiles).warnings).toEqual([]);
  });

  it('refuses a text with no string in the default language, which the pages fall back to', () => {
    const { message, field } = refusal(
      () => validateRig(bilingualRig((rig) => (rig.boards[1].name = { de: 'Eingang B' })), 'two.json', profiles),
      'NB_ERR_INVALID_RIG',
    );
    expect(field).toBe('/boards/1/name');
    expect(message).toContain('/boards/1/name: has no "en", the rig\'s default language');
  });

  it('says the real rule for a text too long or a language code that is not two letters', () => {
    const long = refusal(() => validateRig(bilingualRig((rig) => (rig.title = { en: 'x'.repeat(81) })), 'two.json', profiles), 'NB_ERR_INVALID_RIG');
    expect(long.message).toContain('title.en: must not have more than 80 characters');
    expect(long.message).not.toContain('title: must be one of');
    const code = refusal(() => validateRig(bilingualRig((rig) => (rig.title = { en: 'XOR', German: 'XOR' })), 'two.json', profiles), 'NB_ERR_INVALID_RIG');
    expect(code.message).toContain('a text per two-letter language code');
  });

  it('hands every language to the pages through /api/state, the default language where one is missing', async () => {
    const rig = validateRig(
      bilingualRig((r) => {
        r.language = 'en';
        r.boards[2].channels[0].label = 'h1';
      }),
      'two.json',
      profiles,
    ).rig;
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, training: { ...rig.training, trainOnStart: false } }, source: new ScriptedSource('sim'), corpus: classicCorpus('xor') });
    const app = buildApp({ exhibit });
    const state = (await app.inject({ method: 'GET', url: '/api/state' })).json();
    expect(state.rig.title).toBe('Exactly one?');
    expect(Object.keys(state.rig.words)).toEqual(['en', 'de']);
    expect(state.rig.words.de.title).toBe('Genau einer?');
    expect(state.rig.words.de.boards['a0000001']).toBe('Eingang A');
    expect(state.rig.words.de.labels[2]).toEqual(['ja']);
    expect(state.rig.words.de.labels[1][0]).toBe('h1'); // no German: the English one
    expect(state.labels[2]).toEqual(['yes']);
    expect(state.boards[0].name).toBe('input A');
    await app.close();
    await exhibit.stop();
  });
});

describe("a story's own words", () => {
  const edited = (edit: (story: any) => void): any => {
    const copy = structuredClone(xorStory);
    edit(copy);
    return copy;
  };

  it('takes a plain caption as the words themselves (no false "0 to 80 characters")', () => {
    const caption = 'The network learns AND, one by one.'; // 35 characters, with spaces: not a key
    const story = validateStory(edited((s) => (s.acts[0].scenes[0].caption = caption)), 'mine.json', storyRig, page);
    expect(story.acts[0]!.scenes[0]!.caption).toBe(caption);
  });

  it('refuses a caption key found in none of the page\'s language files, saying what to do', () => {
    const { message, field } = refusal(
      () => validateStory(edited((s) => (s.acts[0].title = 'story.vote.oneNeuron.title')), 'mine.json', storyRig, page),
      'NB_ERR_INVALID_STORY',
    );
    expect(field).toBe('/acts/0/title');
    expect(message).toContain('"story.vote.oneNeuron.title" is a key');
    expect(message).toContain('found in none of the visitor page\'s strings (de.json, en.json, fr.json)');
    expect(message).toContain('write the words instead');
  });

  it('warns of a caption missing a language the rig is written in', () => {
    const story = edited((s) => {
      s.acts[0].scenes[0].caption = 'It learns AND.';
      s.acts[0].scenes[1].caption = { en: 'It learnt AND.', de: 'Es hat UND gelernt.' };
    });
    expect(storyWarnings(validateStory(story, 'mine.json', storyRig, page), 'mine.json', storyRig, page)).toEqual([
      'mine.json /acts/0/scenes/0/caption: no "de" text: visitors reading de see "It learns AND."',
    ]);
  });

  it('says the real rule for a caption too long', () => {
    const { message } = refusal(() => validateStory(edited((s) => (s.acts[0].scenes[0].caption = 'x'.repeat(301))), 'mine.json', storyRig, page), 'NB_ERR_INVALID_STORY');
    expect(message).toContain('a text of 1 to 300 characters');
    expect(message).not.toContain('0 to 80');
  });
});
