import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { isNbError, NbError } from '../../core/errors.js';
import { loadScenario, type LoadedScenario } from '../../scenario/load.js';
import { formatStep, prettyReport, scenarioFooter, scenarioHeader } from '../../scenario/report/pretty.js';
import { junitReport } from '../../scenario/report/junit.js';
import { runScenario, type ScenarioResult } from '../../scenario/runner.js';
import { DEFAULT_SPEED_FAST, DEFAULT_SPEED_SIM } from '../../scenario/timeScale.js';

interface TestOptions {
  fast?: boolean;
  reporter: string;
  output?: string;
  speed?: string;
  wallTimeout?: string;
}

/**
 * `neuroboard test <scenario...>`: runs scenario files against their rigs on simulated boards, for
 * exhibit builders' own CI. Exit 0 when every step holds, 1 when one fails; a bad scenario file is an
 * NbError (exit 78; 74 when it or its rig cannot be read) naming the file, the step and the field,
 * before anything runs, and with --reporter junit the report still comes out, with that error as a failure.
 */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run scenario files against their rigs on simulated boards (for CI)')
    .argument('<scenario...>', 'scenario files (JSON or YAML; see boards/scenario.schema.json)')
    .option('--fast', 'fake boards instead of the real firmware in the emulator')
    .option('--reporter <name>', 'pretty (default) or junit', 'pretty')
    .option('--output <file>', 'write the report to this file instead of the terminal (the pretty progress still shows)')
    .option('--speed <k>', `time scale: scenario ms per wall ms (default ${DEFAULT_SPEED_SIM} on the emulator, ${DEFAULT_SPEED_FAST} with --fast)`)
    .option('--wall-timeout <s>', 'give up on a scenario after this many seconds of wall time, with a report (default: no limit)')
    .action(async (files: string[], options: TestOptions) => {
      if (options.reporter !== 'pretty' && options.reporter !== 'junit') {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `--reporter must be pretty or junit, not "${options.reporter}"`, { field: 'reporter' });
      }
      const speed = options.speed === undefined ? undefined : Number(options.speed);
      if (speed !== undefined && !(speed > 0 && speed <= 100)) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `--speed must be a number above 0 and at most 100, not "${options.speed}"`, { field: 'speed' });
      }
      const wallTimeout = options.wallTimeout === undefined ? undefined : Number(options.wallTimeout);
      if (wallTimeout !== undefined && !(wallTimeout > 0 && Number.isFinite(wallTimeout))) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `--wall-timeout must be a number of seconds above 0, not "${options.wallTimeout}"`, { field: 'wall-timeout' });
      }
      // Every file is checked before any runs: a typo in the third file should not cost two runs.
      const scenarios: LoadedScenario[] = [];
      const refused: { file: string; err: NbError }[] = [];
      for (const file of files) {
        try {
          scenarios.push(await loadScenario(file));
        } catch (err) {
          if (!isNbError(err)) throw err;
          refused.push({ file, err });
        }
      }
      if (refused.length > 0) {
        // CI shows the JUnit report, not the log: a bad file must be in it as a failure, or the job
        // fails with nothing to show. Nothing ran, so the good files are reported as skipped.
        if (options.reporter === 'junit') {
          const xml = junitReport(files.map((file) => notRun(file, refused.find((r) => r.file === file)?.err ?? null)));
          if (options.output) await writeReport(options.output, xml);
          else process.stdout.write(xml);
        }
        for (const { err } of refused.slice(1)) console.error(`error ${err.code}: ${err.message}`);
        throw refused[0]!.err;
      }

      // JUnit to stdout keeps stdout clean XML; the progress then goes to stderr.
      const junitToStdout = options.reporter === 'junit' && options.output === undefined;
      const say = (text: string): void => {
        if (junitToStdout) process.stderr.write(`${text}\n`);
        else process.stdout.write(`${text}\n`);
      };
      const results: ScenarioResult[] = [];
      for (const scenario of scenarios) {
        const fast = options.fast ?? false;
        say(scenarioHeader(scenario.name, scenario.path, fast ? 'fake' : 'sim', speed ?? (fast ? DEFAULT_SPEED_FAST : DEFAULT_SPEED_SIM)));
        const result = await runScenario(scenario, {
          fast,
          ...(speed === undefined ? {} : { speed }),
          ...(wallTimeout === undefined ? {} : { wallLimitMs: wallTimeout * 1000 }),
          onStep: (step) => say(formatStep(step)),
        });
        say(scenarioFooter(result));
        results.push(result);
      }
      const failed = results.filter((r) => !r.passed).length;
      say(`\n${results.length - failed}/${results.length} scenarios passed`);

      if (options.reporter === 'junit') {
        const xml = junitReport(results);
        if (options.output) await writeReport(options.output, xml);
        else process.stdout.write(xml);
      } else if (options.output) {
        // eslint-disable-next-line no-control-regex -- a file gets no colour codes
        await writeReport(options.output, `${prettyReport(results).replace(/\x1b\[[0-9;]*m/g, '')}\n`);
      }
      if (failed > 0) process.exitCode = 1;
    });
}

/** A file that did not run: refused (its error as the failure), or skipped because another was refused. */
function notRun(file: string, err: NbError | null): ScenarioResult {
  const title = err ? 'load the scenario file' : 'not run: another scenario file was refused';
  return {
    path: resolve(file),
    name: basename(file).replace(/\.(json|ya?ml)$/, ''),
    rig: '',
    boards: 'sim',
    speed: 0,
    achievedSpeed: null,
    steps: [{ index: -1, kind: 'load', title, status: err ? 'failed' : 'skipped', message: err ? `${err.code}: ${err.message}` : 'another scenario file was refused, so none ran', atMs: 0, scenarioMs: 0, wallMs: 0 }],
    passed: false,
    scenarioMs: 0,
    wallMs: 0,
    logs: [],
  };
}

async function writeReport(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new NbError('NB_ERR_IO', `cannot write the report to ${path} (${(err as Error).message}); check the path`, { cause: err });
  }
}
