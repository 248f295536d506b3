/** `neuroboard start --reset-corpus` as a user runs it: the taught examples go, the rig's come back. */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openExhibit } from '../../src/hosts/node/openExhibit.js';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js'); // built by test/globalSetup.ts
const children: ReturnType<typeof spawn>[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('neuroboard start --reset-corpus', () => {
  it('serves the rig\'s own four XOR examples after a fifth was taught and saved, and says so at start', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-reset-'));
    const before = (await openExhibit({ mode: 'fake', dataDir: data })).exhibit;
    before.teach({ inputs: [0.5, 0.5], targets: [1], label: 'taught' });
    await before.stopTraining();
    await before.stop();

    const child = spawn(process.execPath, [MAIN, 'start', '--fake', '--port', '0', '--data', data, '--reset-corpus'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && child.exitCode === null) {
      url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(url, out).toBeDefined();
    expect(out).toMatch(/--reset-corpus: the corpus is rig "xor"'s 4 examples again \(the saved one had 5\); the trained network is kept/);
    const corpus = (await (await fetch(`${url}api/corpus`)).json()) as { examples: Array<{ inputs: number[] }> };
    expect(corpus.examples.map((e) => e.inputs.join())).toEqual(['0,0', '0,1', '1,0', '1,1']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
