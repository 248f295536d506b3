import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { BOARDS_DIR } from '../../hosts/node/paths.js';
import { usageExits } from '../exitCodes.js';
import type { ProfileLimits } from '../../runtime/rig/validate.js';
import type { CheckResult } from '../fileCheck.js';
import { indentRest, markOf, printJson } from '../output.js';

/** `neuroboard check`: validates rig, network, corpus and state files; exit 0 only when all are fine. */
export function registerCheck(program: Command): void {
  const command = program
    .command('check')
    .description('check rig, network, corpus (.json/.csv), state, story and scenario (.json/.yaml) files; with no files, every rig under boards/rigs (and the story it names)')
    .argument('[files...]', 'files to check')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      '\nThe kind of file is read from its "format" field (neuroboard.rig, neuroboard.network, neuroboard.corpus,\n' +
        'neuroboard.state); .csv files are corpora; a file with "rig" and "steps" (JSON or YAML) is a scenario, checked\n' +
        'as `neuroboard test` loads it. Exit code: 0 when all are fine, else the first failure\'s code (78 rig or\n' +
        'scenario, 65 network/corpus, 74 state or a file that cannot be read, 64 not a neuroboard file).',
    )
    .action(async (files: string[], opts: { json?: boolean }) => {
      const targets = files.length > 0 ? files : await exampleRigs();
      const { checkFile } = await import('../fileCheck.js');
      let limits: Promise<Record<string, ProfileLimits>> | null = null;
      const profiles = (): Promise<Record<string, ProfileLimits>> =>
        (limits ??= import('../../hosts/node/exhibitFiles.js').then((m) => m.loadProfileLimits()));
      const results: CheckResult[] = [];
      for (const file of targets) results.push(await checkFile(file, profiles));
      if (opts.json) printJson({ ok: results.every((r) => r.ok), files: results });
      else results.forEach(printResult);
      const firstFailure = results.find((r) => !r.ok);
      if (firstFailure && !firstFailure.ok) process.exitCode = firstFailure.exitCode;
    });
  usageExits(command);
}

async function exampleRigs(): Promise<string[]> {
  const dir = join(BOARDS_DIR, 'rigs');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return names.map((n) => relative(process.cwd(), join(dir, n)) || join(dir, n));
}

function printResult(r: CheckResult): void {
  if (r.ok) {
    console.log(`${markOf('ok')} ${r.file}: ${r.summary}`);
    for (const w of r.warnings) console.log(`  ${markOf('warn')} ${w}`);
    return;
  }
  const where = [r.line !== undefined ? `line ${r.line}` : '', r.column !== undefined ? `column ${r.column}` : '', r.field && !r.field.startsWith('line ') ? `field ${r.field}` : '']
    .filter(Boolean)
    .join(', ');
  console.log(`${markOf('fail')} ${r.file}${r.kind ? ` (${r.kind})` : ''}${where ? ` at ${where}` : ''}:`);
  console.log(`  ${indentRest(r.message)}`);
  console.log(`  ${pc.dim(r.code)}`);
}
