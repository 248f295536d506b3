import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import pc from 'picocolors';
import { basename, resolve } from 'node:path';
import { isNbError, NbError } from '../../core/errors.js';
import type { LoadedScenario } from '../../scenario/load.js';
import type { ScenarioResult } from '../../scenario/runner.js';
import { DEFAULT_SPEED_FAST, DEFAULT_SPEED_SIM, durationText, parseDuration, type WallLimit } from '../../scenario/timeScale.js';

interface TestOptions {
  fast?: boolean;
  reporter: string;
  output?: string;
  speed?: string;
  wallTimeout?: string;
  timeout: string;
}

/**
 * How long a whole `neuroboard test` may take by default, in wall time. A CI job expects a test
 * command to end by itself, and with its report, well before the job's own limit kills it without one
 * (GitLab's default is 60 minutes; GitHub Actions' 6 hours). The six shipped scenarios take 18 s
 * together on the emulator here (2 cores), so ten minutes leaves room for a few dozen of one's own
 * on a slow runner, and a scenario left waiting an hour of virtual time by mistake (7.5 minutes of
 * wall time at ×8) is stopped with a report long before the job is.
 */
export const DEFAULT_RUN_TIMEOUT = '10m';

/**
 * `neuroboard test <scenario...>`: runs scenario files against their rigs on simulated boards, for
 * exhibit builders' own CI. Exit 0 when every step holds, 1 when one fails or the run's --timeout ran
 * out (the scenario then running fails, saying which step; those after it are reported as not run);
 * a bad scenario file is an NbError (exit 78; 74 when it or its rig cannot be read) naming the file,
 * the step and the field, before anything runs. With --reporter junit the report always comes out,
 * a refused file in it as a failure.
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
    .option(
      '--timeout <duration>',
      'wall time for the whole run (90s, 10m, 1h; a plain number is seconds; 0 for no limit): when it runs out, the scenario then running fails saying which step, the rest are reported as not run, and the report is written',
      DEFAULT_RUN_TIMEOUT,
    )
    .option('--wall-timeout <s>', 'give up on each scenario after this many seconds of wall time, with a report (default: no limit of its own)')
    .addHelpText(
      'after',
      '\nExit code: 0 when every step holds; 1 when a step fails or the --timeout runs out; 78 for a bad scenario\n' +
        'file (74 when it or its rig cannot be read). With --reporter junit the report is written in every case.',
    )
    .action(async (files: string[], options: TestOptions) => {
      // The scenario runner (the exhibit, the boards, the schema engine) is loaded when scenarios run, not at every CLI start.
      const [{ loadScenario }, { formatStep, prettyReport, scenarioFooter, scenarioHeader }, { junitReport }, { runScenario }] = await Promise.all([
        import('../../scenario/load.js'),
        import('../../scenario/report/pretty.js'),
        import('../../scenario/report/junit.js'),
        import('../../scenario/runner.js'),
      ]);
      const runStarted = performance.now();
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
      const timeoutMs = parseDuration(options.timeout);
      if (timeoutMs === null) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `--timeout must be a duration such as 90s, 10m or 1h (a plain number is seconds; 0 for no limit), not "${options.timeout}"`, {
          field: 'timeout',
        });
      }
      const runLimit: WallLimit | undefined = timeoutMs === 0 ? undefined : { scope: 'run', ms: timeoutMs, endsAt: runStarted + timeoutMs };
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
          const xml = junitReport(
            files.map((file) => {
              const err = refused.find((r) => r.file === file)?.err;
              return err
                ? notRun(file, { status: 'failed', title: 'load the scenario file', message: `${err.code}: ${err.message}` })
                : notRun(file, { status: 'skipped', title: 'not run: another scenario file was refused', message: 'another scenario file was refused, so none ran' });
            }),
          );
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
      let notRunCount = 0;
      for (const scenario of scenarios) {
        if (runLimit && performance.now() >= runLimit.endsAt) {
          // Out of time: CI still gets every scenario in the report, these as skipped, saying why.
          const why = `the run's time limit (--timeout ${durationText(runLimit.ms)}) ran out before its turn; raise it (--timeout ${durationText(runLimit.ms * 2)}) or lift it (--timeout 0)`;
          const result = notRun(scenario.path, { status: 'skipped', title: "not run: the run's time limit ran out", message: why }, scenario.name);
          say(`${pc.dim('-')} ${scenario.name} ${pc.dim(`(${scenario.path})`)}: not run: ${why}`);
          results.push(result);
          notRunCount++;
          continue;
        }
        const fast = options.fast ?? false;
        say(scenarioHeader(scenario.name, scenario.path, fast ? 'fake' : 'sim', speed ?? (fast ? DEFAULT_SPEED_FAST : DEFAULT_SPEED_SIM)));
        const result = await runScenario(scenario, {
          fast,
          ...(speed === undefined ? {} : { speed }),
          ...(wallTimeout === undefined ? {} : { wallLimitMs: wallTimeout * 1000 }),
          ...(runLimit === undefined ? {} : { runLimit }),
          onStep: (step) => say(formatStep(step)),
        });
        say(scenarioFooter(result));
        results.push(result);
      }
      const failed = results.filter((r) => !r.passed).length;
      const outOfTime = notRunCount > 0 ? `; ${notRunCount} not run: the run's time limit (--timeout ${durationText(runLimit!.ms)}) ran out` : '';
      say(`\n${results.length - failed}/${results.length} scenarios passed${outOfTime}`);

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

/**
 * A scenario that did not run, as one setup step saying why: its file was refused (failed), or it was
 * not reached (skipped: another file was refused, or the run's time ran out first).
 */
function notRun(file: string, why: { status: 'failed' | 'skipped'; title: string; message: string }, name?: string): ScenarioResult {
  return {
    path: resolve(file),
    name: name ?? basename(file).replace(/\.(json|ya?ml)$/, ''),
    rig: '',
    boards: 'sim',
    speed: 0,
    achievedSpeed: null,
    steps: [{ index: -1, kind: 'load', title: why.title, status: why.status, message: why.message, atMs: 0, scenarioMs: 0, wallMs: 0 }],
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
