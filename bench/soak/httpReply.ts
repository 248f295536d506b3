/**
 * Reads one HTTP reply to its end. A reply cut off after its headers (the server SIGKILLed
 * mid-body, a reset connection) never emits 'end', only 'close': it resolves null then, so the
 * soak's request loop goes on instead of waiting for ever (and `stop()` with it).
 */
import type { IncomingMessage } from 'node:http';

export interface HttpReply {
  status: number;
  /** The first 4 KiB or so of the body, as text. */
  body: string;
}

export function readReply(res: IncomingMessage): Promise<HttpReply | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      if (size < 4096) chunks.push(c);
      size += c.length;
    });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', () => undefined); // 'close' follows and settles it
    res.on('close', () => resolve(null)); // after 'end' this changes nothing
  });
}
