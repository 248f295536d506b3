/**
 * The soak's HTTP loops read replies with readReply: a reply cut off after its headers (the exhibit
 * SIGKILLed mid-body) must settle, or the loop and the soak's stop() wait for ever (the short soak
 * once ran into its 90 s timeout this way).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readReply } from '../../bench/soak/httpReply.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function replyFrom(handler: Parameters<typeof createServer>[1]) {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<Awaited<ReturnType<typeof readReply>>>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => void readReply(res).then(resolve));
    req.on('error', reject);
    req.end();
  });
}

describe('readReply', () => {
  it('reads a whole reply: status and body', async () => {
    expect(await replyFrom((_req, res) => res.writeHead(201).end('{"ok":true}'))).toEqual({ status: 201, body: '{"ok":true}' });
  });

  it('settles with null when the server dies after the headers, half-way through the body', async () => {
    const reply = await replyFrom((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"half":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect(reply).toBeNull();
  });
});
