import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';

describe('terminal demo (src/cli/demo.ts)', () => {
  it('prints progress lines (no \\r without a TTY), then the cascade and a right answer for all 4 XOR inputs', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await runDemo(out, { seed: 3 });
    expect(text).not.toContain('\r');
    expect(text).toMatch(/step +\d+ {2}loss \d\.\d{4} {2}tried \d+ kept \d+/);
    for (const [a, b, want] of [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]) {
      expect(text).toContain(`answer  ${a} XOR ${b} = ${want}\n`);
    }
    expect(text).not.toContain('wanted');
    expect(text.match(/^hidden .*[●○]/gm)).toHaveLength(4);
  });
});
