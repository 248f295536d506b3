/**
 * An exhibit made from the docs alone (test/fixtures/vote/: a 3-input majority vote on three Nanos
 * and a Mega, its words in English and German, its own story and a scenario) passes `neuroboard
 * check` with nothing to warn of and `neuroboard test`; the same story with a caption key no page
 * language file has is refused by check (it printed ✓ while visitors read the key).
 */
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { REPO, SPAWN_TIMEOUT_MS, runCli, tempDir } from './runCli.js';

const VOTE = join(REPO, 'test', 'fixtures', 'vote');

describe.concurrent('the vote exhibit, made from the docs', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('passes check: rig, story and scenario, with no warning (every text in both its languages)', async ({ expect }) => {
    const run = await runCli(['check', join(VOTE, 'vote-rig.json'), join(VOTE, 'vote-story.json'), join(VOTE, 'vote.scenario.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ .*vote-rig\.json: rig "vote": network 3-2-1, 4 boards, corpus of 8 examples, story "vote" \(3 acts\)/);
    expect(run.stdout).toMatch(/✓ .*vote-story\.json: story "vote": 3 acts/);
    expect(run.stdout).not.toContain('!');
  });

  it('passes its scenario (neuroboard test, fake boards)', async ({ expect }) => {
    const run = await runCli(['test', join(VOTE, 'vote.scenario.json'), '--fast']);
    expect(run.stdout).toContain('1/1 scenarios passed');
    expect(run.code).toBe(0);
  });

  it('check refuses the story with a caption key found in no language file, and warns of a caption in one language only', async ({ expect }) => {
    const dir = tempDir();
    for (const f of ['vote-rig.json', 'vote.csv']) copyFileSync(join(VOTE, f), join(dir, f));
    const story = JSON.parse(readFileSync(join(VOTE, 'vote-story.json'), 'utf8'));
    story.acts[0].title = 'story.vote.oneNeuron.title';
    writeFileSync(join(dir, 'vote-story.json'), JSON.stringify(story, null, 2));
    const refused = await runCli(['check', join(dir, 'vote-rig.json')]);
    expect(refused.code).toBe(78);
    expect(refused.stdout).toContain('✗');
    expect(refused.stdout).toContain('/acts/0/title: "story.vote.oneNeuron.title" is a key');

    story.acts[0].title = 'One neuron can count votes';
    writeFileSync(join(dir, 'vote-story.json'), JSON.stringify(story, null, 2));
    const warned = await runCli(['check', join(dir, 'vote-rig.json')]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('! vote-story.json /acts/0/title: no "de" text: visitors reading de see "One neuron can count votes"');
  });
});
