/** How the commands print: a mark per line (✓ fine, ! worth a look, ✗ needs fixing) and JSON for scripts. */
import pc from 'picocolors';

export type Verdict = 'ok' | 'warn' | 'fail';

export function markOf(verdict: Verdict): string {
  switch (verdict) {
    case 'ok':
      return pc.green('✓');
    case 'warn':
      return pc.yellow('!');
    case 'fail':
      return pc.red('✗');
  }
}

/** One checked line, with the fix indented under it when there is one. */
export function printVerdict(verdict: Verdict, text: string, fix?: string): void {
  console.log(`${markOf(verdict)} ${text}`);
  if (fix) console.log(`  ${pc.dim('→')} ${fix}`);
}

/** Pretty JSON on stdout, one document per run, so `| jq` works. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Indents every line after the first, so multi-line messages stay under their mark. */
export function indentRest(text: string, by = '  '): string {
  return text.replaceAll('\n', `\n${by}`);
}
