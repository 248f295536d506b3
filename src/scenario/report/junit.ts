/**
 * JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins) display: one
 * <testsuite> per scenario file, one <testcase> per step (the setup too), <failure> with expected
 * and seen, <skipped/> for the steps after a failure. Times are wall seconds, as CI expects; the
 * scenario time is in the properties.
 */
import type { ScenarioResult, StepResult } from '../runner.js';

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the five specials are escaped.
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(result: ScenarioResult, step: StepResult): string {
  const name = step.index < 0 ? `setup: ${step.title}` : `${step.index + 1}. ${step.title}`;
  const open = `    <testcase classname="${escapeXml(result.name)}" name="${escapeXml(name)}" time="${secs(step.wallMs)}"`;
  if (step.status === 'passed') return `${open}/>`;
  if (step.status === 'skipped') return `${open}>\n      <skipped message="${escapeXml(step.message ?? 'an earlier step failed')}"/>\n    </testcase>`;
  const message = [step.message, step.expected && `expected ${step.expected}`, step.seen && `seen ${step.seen}`].filter(Boolean).join('; ');
  const body = [step.expected && `expected: ${step.expected}`, step.seen && `seen:     ${step.seen}`, step.message].filter(Boolean).join('\n');
  return `${open}>\n      <failure message="${escapeXml(message)}" type="${escapeXml(step.kind)}">${escapeXml(body)}</failure>\n    </testcase>`;
}

export function junitReport(results: readonly ScenarioResult[]): string {
  const total = (f: (r: ScenarioResult) => number) => results.reduce((sum, r) => sum + f(r), 0);
  const count = (r: ScenarioResult, s: StepResult['status']) => r.steps.filter((x) => x.status === s).length;
  const suites = results.map((r) => {
    const props = [
      ['file', r.path],
      ['rig', r.rig],
      ['boards', r.boards],
      ['timeScale', String(r.speed)],
      ['achievedSpeed', r.achievedSpeed === null ? 'n/a' : r.achievedSpeed.toFixed(2)],
      ['scenarioSeconds', secs(r.scenarioMs)],
    ]
      .map(([k, v]) => `      <property name="${k}" value="${escapeXml(v!)}"/>`)
      .join('\n');
    const out = r.logs.length > 0 ? `\n    <system-out>${escapeXml(r.logs.join('\n'))}</system-out>` : '';
    return (
      `  <testsuite name="${escapeXml(r.name)}" tests="${r.steps.length}" failures="${count(r, 'failed')}" errors="0" skipped="${count(r, 'skipped')}" time="${secs(r.wallMs)}">\n` +
      `    <properties>\n${props}\n    </properties>\n` +
      `${r.steps.map((s) => testcase(r, s)).join('\n')}${out}\n  </testsuite>`
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="neuroboard scenarios" tests="${total((r) => r.steps.length)}" failures="${total((r) => count(r, 'failed'))}" errors="0" skipped="${total((r) => count(r, 'skipped'))}" time="${secs(total((r) => r.wallMs))}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}
