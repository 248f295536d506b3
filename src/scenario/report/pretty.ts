/**
 * The report a person reads: one line per step with ✓/✗, its time (scenario and wall), and for a
 * failure what was expected, what was seen, and the exhibit's last log lines.
 */
import pc from 'picocolors';
import type { ScenarioResult, StepResult } from '../runner.js';

const secs = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function scenarioHeader(name: string, path: string, boards: 'sim' | 'fake', speed: number): string {
  return `${pc.bold(name)} ${pc.dim(`(${path}; ${boards === 'sim' ? 'firmware in the emulator' : 'fake boards'}, time ×${speed})`)}`;
}

export function formatStep(step: StepResult): string {
  const label = step.index < 0 ? 'setup' : `${step.index + 1}.`;
  if (step.status === 'skipped') return `  ${pc.dim('-')} ${pc.dim(`${label} ${step.title} (skipped)`)}`;
  const mark = step.status === 'passed' ? pc.green('✓') : pc.red('✗');
  const time = pc.dim(`${secs(step.scenarioMs)} scenario, ${Math.round(step.wallMs)} ms wall`);
  const lines = [`  ${mark} ${label} ${step.title} ${time}`];
  if (step.status === 'failed') {
    if (step.expected) lines.push(`      expected: ${step.expected}`);
    if (step.seen) lines.push(`      seen:     ${step.seen}`);
    if (step.message) lines.push(`      ${pc.red(step.message)}`);
  } else if (step.seen && (step.kind === 'setup' || step.kind === 'raw' || step.kind === 'train' || step.kind === 'teach')) {
    lines.push(pc.dim(`      ${step.seen}`));
  }
  return lines.join('\n');
}

export function scenarioFooter(result: ScenarioResult): string {
  const count = (s: StepResult['status']) => result.steps.filter((r) => r.index >= 0 && r.status === s).length;
  const speed = result.achievedSpeed === null ? '' : `, boards ran at ×${result.achievedSpeed.toFixed(1)}`;
  const summary = `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped; ${secs(result.scenarioMs)} of scenario time in ${secs(result.wallMs)} wall${speed}`;
  const lines = [`  ${result.passed ? pc.green('PASS') : pc.red('FAIL')} ${summary}`];
  if (!result.passed && result.logs.length > 0) {
    lines.push(pc.dim('  exhibit log (last lines):'));
    for (const l of result.logs.slice(-12)) lines.push(pc.dim(`    ${l}`));
  }
  return lines.join('\n');
}

/** The whole report for finished results (the CLI prints as it goes instead). */
export function prettyReport(results: readonly ScenarioResult[]): string {
  return results
    .map((r) => [scenarioHeader(r.name, r.path, r.boards, r.speed), ...r.steps.map(formatStep), scenarioFooter(r)].join('\n'))
    .join('\n\n');
}
