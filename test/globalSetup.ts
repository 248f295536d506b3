/**
 * The CLI tests run the CLI as a user does: `node dist/src/cli/main.js`, not src/ under tsx (which
 * costs about 2.5x the CPU per spawn: the exit-code table alone spawns two dozen). So that they never
 * test stale code, dist/ is brought up to date once before any test runs; a build error stops the run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building dist/ before the tests failed:\n${build.stdout}${build.stderr}`);
}
