import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../../src/cli/fileCheck.js';
import { publishedSchemas } from '../../../src/cli/publishedSchemas.js';
import { isNbError } from '../../../src/core/errors.js';
import { BOARDS_DIR } from '../../../src/hosts/node/paths.js';
import { loadProfileLimits, loadRig } from '../../../src/hosts/node/exhibitFiles.js';
import { validateStory } from '../../../src/runtime/story/load.js';

let xorStory: Record<string, any>;
const xorRig = { name: 'xor', network: { layers: [2, 3, 1] } };

beforeAll(async () => {
  xorStory = JSON.parse(await readFile(join(BOARDS_DIR, 'stories/xor.json'), 'utf8')) as Record<string, any>;
});

function storyErrorOf(edit: (story: any) => void, rig: typeof xorRig | undefined = xorRig): { message: string; field: string | undefined } {
  const copy = structuredClone(xorStory);
  edit(copy);
  try {
    validateStory(copy, 'my-story.json', rig);
  } catch (err) {
    if (isNbError(err, 'NB_ERR_INVALID_STORY')) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('expected the story to be refused');
}

describe('story files', () => {
  it('the shipped rigs name their stories, loaded and checked with the rig', async () => {
    const xor = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    expect(xor.story?.story.acts.map((a) => a.id)).toEqual(['one-neuron', 'hidden-layer', 'your-turn']);
    expect(xor.story?.story.acts[0]!.network).toBe('no-hidden');
    const digits = await loadRig(join(BOARDS_DIR, 'rigs/digits7.json'));
    expect(digits.story?.story.acts.map((a) => a.id)).toEqual(['learning', 'your-turn']);
  });

  it('publishes boards/story.schema.json exactly as the code checks it (run `npm run schemas` if this fails)', async () => {
    const published = JSON.parse(await readFile(join(BOARDS_DIR, 'story.schema.json'), 'utf8')) as unknown;
    expect(published).toEqual(publishedSchemas()['story.schema.json']);
  });

  it('refuses a wrong field, naming the file, the field and what is allowed', () => {
    const err = storyErrorOf((s) => (s.acts[0].scenes[1].show.holdMs = -5));
    expect(err.field).toBe('/acts/0/scenes/1/show/holdMs');
    expect(err.message).toMatch(/my-story\.json is not a valid story/);
    expect(err.message).toMatch(/holdMs: must be a whole number from 0/);
  });

  it('refuses a misspelt field with the nearest known one', () => {
    const err = storyErrorOf((s) => (s.acts[1].netwrk = 'rig'));
    expect(err.message).toMatch(/\/acts\/1\/netwrk: unknown field; did you mean network\?/);
  });

  it('says what a scene may be when it is none of them, or two', () => {
    expect(storyErrorOf((s) => (s.acts[0].scenes[0] = { wait: { ms: 3 }, caption: 'x' })).message).toMatch(
      /\/acts\/0\/scenes\/0: a scene is one of learn, show, hold, invite .*has none/,
    );
    expect(storyErrorOf((s) => (s.acts[0].scenes[5].show = { holdMs: 3 })).message).toMatch(/has show and hold/);
  });

  it('checks the corpus and the method against the rig', () => {
    expect(storyErrorOf((s) => (s.acts[0].scenes[0].learn.corpus = 'majority3')).message).toMatch(
      /\/acts\/0\/scenes\/0\/learn\/corpus: "majority3" has 3 inputs and 1 outputs, but rig "xor" is 2-3-1/,
    );
    expect(storyErrorOf((s) => (s.acts[0].scenes[0].learn.corpus = 'nand')).message).toMatch(/must be "rig" or a built-in corpus/);
    expect(storyErrorOf((s) => (s.acts[1].scenes[1].learn.method = 'perceptron')).message).toMatch(/rig "xor" has one: use it in a "no-hidden" act/);
    expect(storyErrorOf((s) => (s.acts[0].scenes[0].learn.method = 'trial-and-error')).message).toMatch(/"no-hidden" act learns with the perceptron rule/);
    expect(storyErrorOf(() => undefined, { name: 'digits7', network: { layers: [7, 8, 10] } }).message).toMatch(/written for rig "xor", not "digits7"/);
  });

  it('a rig naming a story that is not there says so (exit 74, field /story)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-story-'));
    const rig = (await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')).replace('"story": "xor"', '"story": "stories/none.json"');
    await writeFile(join(dir, 'rig.json'), rig);
    const err = await loadRig(join(dir, 'rig.json')).catch((e: unknown) => e);
    expect(isNbError(err, 'NB_ERR_IO')).toBe(true);
    expect((err as Error).message).toMatch(/rig\.json: \/story: .*none\.json: cannot read it/);
  });

  it('neuroboard check reads story files, and a rig check checks its story', async () => {
    const profiles = () => loadProfileLimits();
    const good = await checkFile(join(BOARDS_DIR, 'stories/xor.json'), profiles);
    expect(good).toMatchObject({ ok: true, kind: 'story' });
    expect(good.ok && good.summary).toMatch(/story "xor": 3 acts, 10 scenes \(4 learn\) \(checked against rig "xor"\)/);
    const rig = await checkFile(join(BOARDS_DIR, 'rigs/digits7.json'), profiles);
    expect(rig.ok && rig.summary).toMatch(/story "digits7" \(2 acts\)/);
    const dir = await mkdtemp(join(tmpdir(), 'nb-story-'));
    const broken = structuredClone(xorStory);
    broken.acts[0].scenes[0].learn.corpus = 'majority3';
    await writeFile(join(dir, 'broken.story.json'), JSON.stringify(broken, null, 2));
    const bad = await checkFile(join(dir, 'broken.story.json'), profiles);
    expect(bad).toMatchObject({ ok: false, kind: 'story', code: 'NB_ERR_INVALID_STORY', exitCode: 78, field: '/acts/0/scenes/0/learn/corpus' });
  });
});
