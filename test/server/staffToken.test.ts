/**
 * A staff token anyone could guess is refused (NB_ERR_WEAK_TOKEN, exit 78, saying how to make one):
 * under 16 characters, or one our README, docs and deploy files show. When neuroboard makes one it
 * keeps it in <data>/staff-token: 0600, the same at every start, never through a symbolic link; a
 * token file that is empty, weak or not a plain private file is a clear error.
 */
import { lstat, mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, NbError } from '../../src/core/errors.js';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { EXAMPLE_TOKENS, MAKE_TOKEN_COMMAND, checkStaffToken, newStaffToken } from '../../src/server/staffToken.js';
import { staffTokenFromFolder } from '../../src/server/staffTokenFile.js';

function refusal(fn: () => unknown): NbError {
  try {
    fn();
  } catch (err) {
    if (err instanceof NbError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function refusalOf(promise: Promise<unknown>): Promise<NbError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof NbError)) throw new Error(`expected an NbError, got ${String(err)}`);
  return err;
}

describe('token strength', () => {
  it('refuses tokens under 16 characters and the documented examples, exit 78, saying how to make one (bad input: each)', () => {
    expect(ERROR_TABLE.NB_ERR_WEAK_TOKEN.exit).toBe(78);
    for (const token of ['change-me', 'CHANGEME', 'fifteen-chars-x', ...EXAMPLE_TOKENS]) {
      const err = refusal(() => checkStaffToken(token, '--token or NEUROBOARD_TOKEN'));
      expect(err.code, token).toBe('NB_ERR_WEAK_TOKEN');
      expect(err.message).toContain(`the staff token (--token or NEUROBOARD_TOKEN) `);
      expect(err.message).toContain(`Make one with: ${MAKE_TOKEN_COMMAND}, or leave it unset`);
    }
    expect(refusal(() => checkStaffToken('change-me', 'x')).message).toContain('is "change-me", an example from the docs');
    expect(refusal(() => checkStaffToken('fifteen-chars-x', 'x')).message).toContain('is 15 characters long; it needs at least 16');
    expect(() => checkStaffToken('sixteen-chars-xx', 'x')).not.toThrow();
    expect(newStaffToken()).toMatch(/^[\w-]{24}$/);
  });

  it('every token README.md, docs/ and deploy/ show is refused', async () => {
    const files = ['README.md', 'deploy/neuroboard.service', ...(await readdir(join(PACKAGE_ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const shown: string[] = [];
    for (const file of files) {
      const text = await readFile(join(PACKAGE_ROOT, file), 'utf8');
      for (const m of text.matchAll(/(?:NEUROBOARD_TOKEN=|--token[ =]|Bearer )([^\s`"')]+)/gi)) shown.push(`${file}: ${m[1]}`);
    }
    expect(shown.length).toBeGreaterThan(0);
    for (const entry of shown) {
      const token = entry.slice(entry.indexOf(': ') + 2);
      if (token.startsWith('<') || token.startsWith('$')) continue; // a placeholder (<token>) or a variable
      expect(() => checkStaffToken(token, entry), entry).toThrow(/NB_ERR_WEAK_TOKEN|an example|characters long/);
    }
  });
});

describe('<data>/staff-token', () => {
  it('is made 0600 at the first start, then read back unchanged at every start', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'nb-token-')), 'data', 'nested'); // not there yet
    const first = await staffTokenFromFolder(dir);
    expect(first).toEqual({ token: expect.stringMatching(/^[\w-]{24}$/), path: join(dir, 'staff-token'), created: true });
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(first.path, 'utf8')).toBe(`${first.token}\n`);
    expect(await staffTokenFromFolder(dir)).toEqual({ ...first, created: false });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('two starts at once agree on one token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-token-'));
    const [a, b] = await Promise.all([staffTokenFromFolder(dir), staffTokenFromFolder(dir)]);
    expect(a.token).toBe(b.token);
    expect(await readFile(a.path, 'utf8')).toBe(`${a.token}\n`);
  });

  it('never goes through a symbolic link (fault: a link planted to another file), and leaves that file alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-token-'));
    const elsewhere = join(dir, 'precious.txt');
    await writeFile(elsewhere, 'a-long-enough-secret-elsewhere\n');
    await chmod(elsewhere, 0o600);
    await symlink(elsewhere, join(dir, 'staff-token'));
    const err = await refusalOf(staffTokenFromFolder(dir));
    expect(err.code).toBe('NB_ERR_IO');
    expect(err.message).toBe(`${join(dir, 'staff-token')} is a symbolic link; neuroboard keeps the staff token only in a regular file there: remove the link, and a new token is made at the next start`);
    expect(await readFile(elsewhere, 'utf8')).toBe('a-long-enough-secret-elsewhere\n');
    expect((await lstat(join(dir, 'staff-token'))).isSymbolicLink()).toBe(true);
  });

  it('an empty, weak, shared or odd token file is a clear error (bad input: each)', async () => {
    const cases: Array<[string, (path: string) => Promise<void>, string, RegExp]> = [
      ['empty', (p) => writeFile(p, '\n', { mode: 0o600 }), 'NB_ERR_WEAK_TOKEN', /staff-token is empty; remove it and neuroboard makes a new staff token there/],
      ['weak', (p) => writeFile(p, 'change-me\n', { mode: 0o600 }), 'NB_ERR_WEAK_TOKEN', /the staff token \(the file .*staff-token\) is "change-me"/],
      ['readable by others', (p) => writeFile(p, 'long-enough-token-000000\n', { mode: 0o644 }), 'NB_ERR_IO', /staff-token can be read by other users \(mode 644\).*chmod 600/],
      ['a folder', (p) => mkdir(p), 'NB_ERR_IO', /staff-token is not a regular file; remove it/],
    ];
    for (const [what, make, code, message] of cases) {
      const dir = await mkdtemp(join(tmpdir(), 'nb-token-'));
      await make(join(dir, 'staff-token'));
      const err = await refusalOf(staffTokenFromFolder(dir));
      expect(err.code, what).toBe(code);
      expect(err.message, what).toMatch(message);
    }
  });
});
