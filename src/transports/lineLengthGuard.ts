/**
 * Sits between the port and ReadlineParser, which buffers without limit until it sees a `\n`: a board
 * at the wrong baud rate or a stuck line could grow that buffer for weeks. Bytes past `maxLine` in one
 * line are dropped; the cut line still ends at its `\n` and decodes as too long (a 'garbage' event).
 */
import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;

export class LineLengthGuard extends Transform {
  private column = 0;

  constructor(private readonly maxLine: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const kept: Buffer[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf < 0 ? chunk.length : lf;
      const room = Math.max(0, this.maxLine - this.column);
      const take = Math.min(room, end - start);
      if (take > 0) kept.push(chunk.subarray(start, start + take));
      this.column += end - start;
      if (lf < 0) break;
      kept.push(chunk.subarray(lf, lf + 1));
      this.column = 0;
      start = lf + 1;
    }
    if (kept.length === 0) callback();
    else callback(null, kept.length === 1 ? kept[0] : Buffer.concat(kept));
  }
}
