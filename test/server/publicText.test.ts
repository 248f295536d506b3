/**
 * Off loopback, `/api/health` and the stream's `log` events are open to anyone on the network, so
 * they give the problem without the machine: absolute paths cut to their last component, Node's
 * errno text cut to the plain words. With the staff token, health shows the full text; on loopback
 * nothing changes. Tried with messages the code really produces: a save into a data folder that is
 * gone or is a file, a rig whose corpus file is missing, the save at shutdown, a macOS data folder
 * with a space in it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { loadRigCorpus } from '../../src/hosts/node/exhibitFiles.js';
import { stalledMessage } from '../../src/runtime/trainingRunner.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { publicText } from '../../src/server/publicText.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const TOKEN = 'health-staff-token-0123456789';

/** The message a save into `dataDir` fails with, as the exhibit keeps it for /api/health. */
async function failedSave(dataDir: string): Promise<string> {
  const store = exhibitStore(dataDir, 'xor');
  const err = await store.save({}).then(() => null, (e: unknown) => e as Error);
  if (!err) throw new Error(`a save into ${dataDir} worked`);
  return err.message;
}

describe('publicText', () => {
  it('a save into a data folder that is gone: the file and the problem, no folders, no syscall', async () => {
    const gone = join(await mkdtemp(join(tmpdir(), 'nb-public-')), 'gone');
    const message = await failedSave(gone);
    expect(message).toMatch(/^cannot save \/.*\/gone\/xor\.state\.json: ENOENT: no such file or directory, open '\/.*'$/);
    expect(publicText(message)).toBe('cannot save xor.state.json: no such file or directory');
  });

  it('a save into a data folder that is a file, and one whose path has spaces (macOS: Application Support)', async () => {
    const base = await mkdtemp(join(tmpdir(), 'nb-public-'));
    await writeFile(join(base, 'data'), 'not a folder');
    expect(publicText(await failedSave(join(base, 'data')))).toBe('cannot save xor.state.json: not a directory');
    const spaced = join(base, 'Anna Smith', 'Library', 'Application Support', 'neuroboard');
    expect(publicText(await failedSave(spaced))).toBe('cannot save xor.state.json: no such file or directory');
  });

  it('a rig whose corpus file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-public-'));
    const rig = { ...(await testRig()), corpus: 'lessons.csv' };
    const err = await loadRigCorpus(rig, join(dir, 'my-rig.json')).then(() => null, (e: unknown) => e as Error);
    expect(err!.message).toContain(`${join(dir, 'lessons.csv')}: cannot read it (no such file)`);
    expect(publicText(err!.message)).toBe('my-rig.json: corpus: lessons.csv: cannot read it (no such file); check the path');
  });

  it('the save at shutdown, a board port, the formats of errors this machine cannot cause (root writes anywhere) and Windows', () => {
    expect(publicText('saved the network and 4 examples to /var/lib/neuroboard/xor.state.json')).toBe('saved the network and 4 examples to xor.state.json');
    expect(publicText("cannot save /srv/x/xor.state.json: EACCES: permission denied, open '/srv/x/xor.state.json.123'")).toBe('cannot save xor.state.json: permission denied');
    expect(publicText("cannot save /srv/x/xor.state.json: EROFS: read-only file system, rename '/srv/x/a.tmp' -> '/srv/x/xor.state.json'")).toBe('cannot save xor.state.json: read-only file system');
    expect(publicText('cannot save /srv/x/xor.state.json: ENOSPC: no space left on device, write')).toBe('cannot save xor.state.json: no space left on device');
    expect(publicText('board a0000001: cannot open it (Error: Opening /dev/ttyACM0: Permission denied); retrying in 250 ms')).toBe(
      'board a0000001: cannot open it (Error: Opening ttyACM0: Permission denied); retrying in 250 ms',
    );
    expect(publicText("cannot save C:\\Users\\Anna Smith\\AppData\\Roaming\\neuroboard\\xor.state.json: EPERM: operation not permitted, open 'C:\\Users\\Anna Smith\\AppData\\Roaming\\neuroboard\\xor.state.json.7'")).toBe(
      'cannot save xor.state.json: operation not permitted',
    );
  });

  it('leaves alone what names no file: routes, URLs, board ids, numbers', () => {
    const kept = [
      stalledMessage({ loss: 0.25, step: 900 } as never),
      'board a0000002 online on sim:a0000002 (sim)',
      'open http://127.0.0.1:8080/exhibit on the screen',
      'training trial-and-error ended (target-reached) at loss 0.00412',
      'visitors left 1/5 of the examples',
    ];
    for (const text of kept) expect(publicText(text)).toBe(text);
  });
});

let apps: NbApp[] = [];
let servers: RunningServer[] = [];
afterEach(async () => {
  for (const app of apps) await app.close();
  for (const server of servers) await server.close();
  apps = [];
  servers = [];
});

/** An exhibit whose saves fail (its data folder is gone), with one failed save behind it. */
async function failingExhibit(): Promise<{ exhibit: Exhibit; gone: string }> {
  const gone = join(await mkdtemp(join(tmpdir(), 'nb-public-')), 'var');
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor'), store: exhibitStore(gone, 'xor') });
  return { exhibit, gone };
}

describe('/api/health and the log events', () => {
  it('off loopback: health without the token (or with a wrong one) gives the problem without the path; with the token, the full text', async () => {
    const { exhibit, gone } = await failingExhibit();
    exhibit.start();
    await exhibit.saved().catch(() => undefined);
    const app = buildApp({ exhibit, host: '0.0.0.0', token: TOKEN });
    apps.push(app);
    const problems = async (headers: Record<string, string>) => ((await app.inject({ url: '/api/health', headers })).json() as { problems: string[] }).problems;
    expect(await problems({})).toContain('the last save failed: cannot save xor.state.json: no such file or directory');
    expect((await problems({ authorization: 'Bearer not-the-staff-token-000' })).join('\n')).not.toContain(gone);
    const full = await problems({ authorization: `bearer ${TOKEN}` });
    expect(full.join('\n')).toMatch(new RegExp(`the last save failed: cannot save ${gone}/xor\\.state\\.json: ENOENT: no such file or directory, open '`));
    await exhibit.stop();
    await rm(gone, { recursive: true, force: true });
  });

  it('on loopback nothing changes', async () => {
    const { exhibit, gone } = await failingExhibit();
    exhibit.start();
    await exhibit.saved().catch(() => undefined);
    const app = buildApp({ exhibit });
    apps.push(app);
    const { problems } = (await app.inject({ url: '/api/health' })).json() as { problems: string[] };
    expect(problems.join('\n')).toContain(`cannot save ${gone}/xor.state.json: ENOENT`);
    await exhibit.stop();
  });

  it("off loopback every log event on the stream loses its paths (EventSource sends no token); on loopback it keeps them", async () => {
    for (const host of ['0.0.0.0', '127.0.0.1']) {
      const { exhibit, gone } = await failingExhibit();
      const server = await startServer({ exhibit, host, port: 0, handleSignals: false, ...(host === '0.0.0.0' ? { token: TOKEN } : {}) });
      servers.push(server);
      const stream = await SseReader.open(`http://127.0.0.1:${new URL(server.url).port}/api/events`);
      await stream.next('hello');
      await exhibit.saved().catch(() => undefined);
      let log: { level: string; message: string };
      do log = (await stream.next('log')).data as typeof log;
      while (log.level !== 'error');
      if (host === '0.0.0.0') expect(log.message).toBe('cannot save xor.state.json: no such file or directory');
      else expect(log.message).toMatch(new RegExp(`^cannot save ${gone}/xor\\.state\\.json: ENOENT: no such file or directory, open '${gone}/`));
      stream.close();
    }
  });
});
