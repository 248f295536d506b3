/**
 * What neuroboard reads when a data file is handed to it (issue 18, item 10): only regular files (a
 * device such as /dev/zero or a named pipe is refused before it is read), of a bounded size, and a
 * file named by another file (a rig's story or corpus, a scenario's rig) only inside the naming
 * file's folder tree (a scenario's: the folder above its own) or boards/, symbolic links followed.
 * No error ever quotes what a file holds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNbError } from '../src/core/errors.js';
import { checkFile } from '../src/cli/fileCheck.js';
import { CORPUS_FILE_MAX_BYTES, DATA_FILE_MAX_BYTES, readDataFile } from '../src/hosts/node/dataFile.js';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { loadRigCorpus } from '../src/hosts/node/exhibitFiles.js';
import { loadProfileLimits, loadRig } from '../src/hosts/node/exhibitFiles.js';
import { loadScenario } from '../src/scenario/load.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
const xorRig = JSON.parse(readFileSync(join(BOARDS_DIR, 'rigs', 'xor.json'), 'utf8')) as Record<string, unknown>;
const xorStory = readFileSync(join(BOARDS_DIR, 'stories', 'xor.json'), 'utf8');

/**
 * A user's exhibit repository, and beside it a folder of files it must not reach:
 *   <top>/secret/passwd.json, secret.csv, secret.story.json   (outside the exhibit)
 *   <top>/exhibit/rig.json, stories/mine.json, scenarios/*.json
 */
const top = mkdtempSync(join(tmpdir(), 'nb-datafile-'));
const secret = join(top, 'secret');
const exhibit = join(top, 'exhibit');
mkdirSync(secret);
mkdirSync(join(exhibit, 'stories'), { recursive: true });
mkdirSync(join(exhibit, 'scenarios', 'deeper'), { recursive: true });
writeFileSync(join(secret, 'passwd.json'), PASSWD);
writeFileSync(join(secret, 'secret.csv'), `in0,in1,out0\n${PASSWD}`);
writeFileSync(join(secret, 'secret.story.json'), xorStory);
writeFileSync(join(secret, 'rig.json'), JSON.stringify(xorRig));
writeFileSync(join(exhibit, 'stories', 'mine.json'), xorStory);
writeFileSync(join(exhibit, 'rig.json'), JSON.stringify(xorRig));
afterAll(() => rmSync(top, { recursive: true, force: true }));

function writeRig(name: string, edit: Partial<Record<string, unknown>>): string {
  const path = join(exhibit, name);
  writeFileSync(path, JSON.stringify({ ...xorRig, ...edit }));
  return path;
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string; field?: string }> {
  const err = await promise.then(
    () => new Error('it did not throw'),
    (e: unknown) => e as Error,
  );
  return err;
}

describe('reading a data file', () => {
  it('/dev/zero as a rig is refused at once as a device, before a byte is read (exit 74)', async () => {
    const started = performance.now();
    const err = await errorOf(loadRig('/dev/zero'));
    expect(isNbError(err, 'NB_ERR_IO'), err.message).toBe(true);
    expect(err.message).toMatch(/^\/dev\/zero: cannot read it as a rig file: it is a device, not a file/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a named pipe as a scenario is refused without waiting for a writer', async () => {
    const fifo = join(top, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const err = await errorOf(loadScenario(fifo));
    expect(isNbError(err, 'NB_ERR_IO'), err.message).toBe(true);
    expect(err.message).toContain(`${fifo}: cannot read it as a scenario file: it is a named pipe`);
  });

  it('a folder as a rig is refused naming it', async () => {
    const err = await errorOf(loadRig(exhibit));
    expect(err).toMatchObject({ code: 'NB_ERR_IO' });
    expect(err.message).toContain(`${exhibit}: cannot read it as a rig file: it is a folder`);
  });

  it(`a rig over ${DATA_FILE_MAX_BYTES / 1024 / 1024} MiB is refused naming the file and the limit; one of exactly the limit is read`, async () => {
    const big = join(top, 'big-rig.json');
    writeFileSync(big, `${JSON.stringify(xorRig)}${' '.repeat(DATA_FILE_MAX_BYTES)}`);
    const err = await errorOf(loadRig(big));
    expect(err).toMatchObject({ code: 'NB_ERR_IO' });
    expect(err.message).toMatch(/big-rig\.json: it is 10\d{5} bytes, more than a rig file may hold \(1048576 bytes\); check that this is the right file/);
    const exact = join(top, 'exact.json');
    writeFileSync(exact, 'x'.repeat(DATA_FILE_MAX_BYTES));
    expect(await readDataFile(exact, 'rig')).toHaveLength(DATA_FILE_MAX_BYTES);
  });

  it('a file that holds more than its size says (as /proc files do) is cut off one byte past the limit and refused', async () => {
    // /proc/self/status: a regular file whose stat size is 0, the way a file still growing looks.
    const err = await errorOf(readDataFile('/proc/self/status', 'scenario', 64));
    expect(err).toMatchObject({ code: 'NB_ERR_IO' });
    expect(err.message).toBe('/proc/self/status: it holds more than a scenario file may hold (64 bytes); check that this is the right file (a larger corpus belongs in a corpus file of its own, .json or .csv, up to 16 MiB)');
  });

  it('a passwd file handed over as a rig gets the line, the column and the reason, not its text', async () => {
    const err = await errorOf(loadRig(join(secret, 'passwd.json')));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_RIG' });
    expect(err.message).toMatch(/passwd\.json: not valid JSON at line 1, column 1: a word where a value should be/);
    for (const word of ['root', 'daemon', 'bash']) expect(err.message).not.toContain(word);
  });

  it('a YAML scenario that does not parse gets the line, the column and the reason, not its text', async () => {
    const yaml = join(top, 'broken.yaml');
    writeFileSync(yaml, `version: 1\nrig: xor\nsteps:\n  - "\\q secret-word"\n`);
    const err = await errorOf(loadScenario(yaml));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_SCENARIO' });
    expect(err.message).toMatch(/broken\.yaml: not valid YAML at line 4, column \d+: a backslash in a "double-quoted" string/);
    expect(err.message).not.toContain('secret-word');
    expect(err.message).not.toContain('\\q');
  });
});

describe('files a rig names: inside its folder or boards/ only', () => {
  it('a story "../../…" outside the rig\'s folder is refused before it is read, naming the field, the path and the rule', async () => {
    const rig = writeRig('story-out.json', { story: '../secret/secret.story.json' });
    const err = await errorOf(loadRig(rig));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_RIG', field: '/story' });
    expect(err.message).toContain(`${rig}: /story: "../secret/secret.story.json" resolves to ${join(secret, 'secret.story.json')}, outside the rig's folder (${exhibit})`);
    expect(err.message).toMatch(/A rig may only name files in those folders \(or folders below them\).*move or copy the file into/);
  });

  it('a story reached through a symbolic link pointing out of the folder is refused, naming where the link leads', async () => {
    symlinkSync(join(secret, 'secret.story.json'), join(exhibit, 'stories', 'linked.json'));
    const err = await errorOf(loadRig(writeRig('story-link.json', { story: 'stories/linked.json' })));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_RIG', field: '/story' });
    expect(err.message).toContain(`"stories/linked.json" leads through a symbolic link to ${join(secret, 'secret.story.json')}, outside the rig's folder`);
  });

  it('a story in a folder below the rig, and a shipped story by name, are read', async () => {
    expect((await loadRig(writeRig('story-in.json', { story: 'stories/mine.json' }))).story?.story.name).toBe('xor');
    expect((await loadRig(writeRig('story-named.json', { story: 'xor' }))).story?.path).toBe(join(BOARDS_DIR, 'stories', 'xor.json'));
  });

  it('a corpus file outside the rig\'s folder is refused (NB_ERR_INVALID_RIG at /corpus), its content never shown', async () => {
    const loaded = await loadRig(writeRig('corpus-out.json', { corpus: '../secret/secret.csv', story: undefined }));
    const err = await errorOf(loadRigCorpus(loaded.rig, loaded.path));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_RIG', field: '/corpus' });
    expect(err.message).toContain(`"../secret/secret.csv" resolves to ${join(secret, 'secret.csv')}, outside the rig's folder`);
    expect(err.message).not.toContain('root');
  });

  it('neuroboard check reports a rig whose story points out of its folder as an error at /story', async () => {
    const result = await checkFile(writeRig('check-out.json', { story: '../secret/secret.story.json' }), () => loadProfileLimits());
    expect(result).toMatchObject({ ok: false, kind: 'rig', code: 'NB_ERR_INVALID_RIG', exitCode: 78, field: '/story' });
  });

  it('neuroboard check refuses /dev/zero as a device (exit 74) and holds a rig to its own limit', async () => {
    expect(await checkFile('/dev/zero', () => loadProfileLimits())).toMatchObject({ ok: false, code: 'NB_ERR_IO', exitCode: 74 });
    const big = join(top, 'big.rig.json');
    writeFileSync(big, `${JSON.stringify(xorRig)}${' '.repeat(DATA_FILE_MAX_BYTES)}`);
    const result = await checkFile(big, () => loadProfileLimits());
    expect(result).toMatchObject({ ok: false, kind: 'rig', code: 'NB_ERR_IO' });
    expect(!result.ok && result.message).toMatch(/more than a rig file may hold \(1048576 bytes\)/);
    expect(CORPUS_FILE_MAX_BYTES).toBeGreaterThan(DATA_FILE_MAX_BYTES);
  });
});

describe("a scenario's rig: inside the folder above the scenario's, or an example rig by name", () => {
  const scenario = (folder: string, name: string, rig: string): string => {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify({ version: 1, rig, steps: [{ 'set-inputs': [1, 0] }] }));
    return path;
  };

  it('scenarios/x.json naming ../rig.json (a folder of scenarios beside the rig) loads', async () => {
    const loaded = await loadScenario(scenario(join(exhibit, 'scenarios'), 'beside.json', '../rig.json'));
    expect(loaded.rig.path).toBe(join(exhibit, 'rig.json'));
  });

  it('a rig outside that folder is refused naming the field, the path and the rule (exit 78)', async () => {
    const path = scenario(join(exhibit, 'scenarios'), 'out.json', '../../secret/rig.json');
    const err = await errorOf(loadScenario(path));
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_SCENARIO', field: 'rig' });
    expect(err.message).toContain(`${path}: rig: "../../secret/rig.json" resolves to ${join(secret, 'rig.json')}, outside the folder above the scenario's folder (${exhibit})`);
  });

  it('…also from a folder two down, and through a symbolic link', async () => {
    const deeper = await errorOf(loadScenario(scenario(join(exhibit, 'scenarios', 'deeper'), 'deep.json', '../../rig.json')));
    expect(deeper).toMatchObject({ code: 'NB_ERR_INVALID_SCENARIO', field: 'rig' });
    symlinkSync(join(secret, 'rig.json'), join(exhibit, 'linked-rig.json'));
    const linked = await errorOf(loadScenario(scenario(join(exhibit, 'scenarios'), 'linked.json', '../linked-rig.json')));
    expect(linked).toMatchObject({ code: 'NB_ERR_INVALID_SCENARIO', field: 'rig' });
    expect(linked.message).toContain('leads through a symbolic link to');
  });

  it('an example rig by name, and a rig named in a scenario given on the command line from anywhere, load', async () => {
    expect((await loadScenario(scenario(top, 'named.json', 'xor'))).rig.rig.name).toBe('xor');
    expect((await loadScenario(scenario(secret, 'own.json', 'rig.json'))).rig.path).toBe(join(secret, 'rig.json'));
  });
});
