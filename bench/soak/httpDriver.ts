/**
 * The HTTP half of the soak: bounded request loops against one exhibit's server, from loopback
 * only. Valid calls, malformed and oversized bodies, a body sent a byte at a time, an event stream
 * read very slowly, and many event-stream clients connecting and dropping. Every loop stops by itself
 * when `stop()` is called, and every request has a timeout. Counts replies by class; any 5xx is kept
 * (but a press refused because its board is not ready: see boardNotReady).
 */
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { readReply } from './httpReply.js';
import type { Random } from './random.js';

export interface HttpTarget {
  /** Base URL of the server, or null while its process is down (restarting after a kill). */
  url(): string | null;
  rig: ResolvedRig;
}

export interface HttpFigures {
  requests: number;
  byStatus: Record<string, number>;
  fiveXx: Array<{ method: string; path: string; status: number; body: string }>;
  /** Connection errors while the server was up (an oversized body may be cut off: counted apart). */
  connectionErrors: number;
  oversizedCutOff: number;
  slowBodies: number;
  slowSseReaders: number;
  slowSseDropped: number;
  sseConnects: number;
  /** Counts per kind of request sent. */
  kinds: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A press on a board that is starting, resetting or offline (unplugged by the fault schedule) is
 * refused with 503 NB_ERR_BOARD_NOT_READY and a Retry-After: the documented answer, not a server fault.
 */
function boardNotReady(status: number, body: string): boolean {
  if (status !== 503) return false;
  try {
    return (JSON.parse(body) as { error?: unknown }).error === 'NB_ERR_BOARD_NOT_READY';
  } catch {
    return false;
  }
}

function loopbackOnly(url: string): URL {
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1') throw new Error(`the soak drives 127.0.0.1 only, not ${parsed.hostname}`);
  return parsed;
}

export class HttpDriver {
  readonly figures: HttpFigures = {
    requests: 0,
    byStatus: {},
    fiveXx: [],
    connectionErrors: 0,
    oversizedCutOff: 0,
    slowBodies: 0,
    slowSseReaders: 0,
    slowSseDropped: 0,
    sseConnects: 0,
    kinds: {},
  };
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly target: HttpTarget,
    private readonly random: Random,
    private readonly sseClients = 20,
  ) {}

  start(): void {
    this.running = true;
    this.loops = [
      this.loop(() => this.validCall(), [20, 80]),
      this.loop(() => this.validCall(), [20, 80]),
      this.loop(() => this.malformedCall(), [30, 150]),
      this.loop(() => this.oversizedCall(), [500, 3000]),
      this.loop(() => this.slowBody(), [200, 2000]),
      this.loop(() => this.slowSseReader(), [500, 3000]),
      this.loop(() => this.sseChurn(), [500, 3000]),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(step: () => Promise<void>, gap: [number, number]): Promise<void> {
    while (this.running) {
      if (this.target.url() !== null) {
        try {
          await step();
        } catch {
          // A request that failed while the server was killed under it: not the server's fault.
        }
      }
      await sleep(this.random.int(gap[0], gap[1]));
    }
  }

  private kind(name: string): void {
    this.figures.kinds[name] = (this.figures.kinds[name] ?? 0) + 1;
  }

  /** One request; resolves with the status and body, or null when the connection failed. */
  private call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<{ status: number; body: string } | null> {
    const base = this.target.url();
    if (base === null) return Promise.resolve(null);
    const url = new URL(path, loopbackOnly(base));
    return new Promise((resolve) => {
      const hasBody = body !== undefined;
      const req = request(
        url,
        {
          method,
          agent: false,
          timeout: timeoutMs,
          headers: hasBody ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } : headers,
        },
        (res) => void this.collect(res, method, path).then(resolve),
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        if (this.target.url() !== null) this.figures.connectionErrors += 1;
        resolve(null);
      });
      req.end(body);
    });
  }

  private async collect(res: IncomingMessage, method: string, path: string): Promise<{ status: number; body: string } | null> {
    const reply = await readReply(res);
    if (reply === null) {
      if (this.target.url() !== null) this.figures.connectionErrors += 1;
      return null;
    }
    const { status, body } = reply;
    this.figures.requests += 1;
    this.figures.byStatus[status] = (this.figures.byStatus[status] ?? 0) + 1;
    if (status >= 500 && !boardNotReady(status, body)) this.figures.fiveXx.push({ method, path, status, body: this.figures.fiveXx.length < 50 ? body.slice(0, 300) : '' });
    return reply;
  }

  /**
   * Inputs are 0 or 1, as the buttons give: the examples taught (through the API, and through output
   * presses after an API pass) then stay within 2^inputs keys, so memory measures leaks, not a corpus
   * that keeps growing by design.
   */
  private values(n: number): number[] {
    return Array.from({ length: n }, () => this.random.int(0, 1));
  }

  private async validCall(): Promise<void> {
    const rig = this.target.rig;
    const inputs = rig.network.layers[0]!;
    const outputs = rig.network.layers[rig.network.layers.length - 1]!;
    const board = this.random.pick(rig.boards);
    const choice = this.random.int(0, 9);
    switch (choice) {
      case 0:
        this.kind('valid GET /api/health');
        await this.call('GET', '/api/health');
        break;
      case 1:
        this.kind('valid GET /api/state');
        await this.call('GET', '/api/state');
        break;
      case 2:
        this.kind('valid GET /api/corpus');
        await this.call('GET', '/api/corpus');
        break;
      case 3:
      case 4:
        this.kind('valid POST /api/inputs');
        await this.call('POST', '/api/inputs', JSON.stringify({ values: this.values(inputs) }));
        break;
      case 5:
      case 6:
        this.kind('valid POST press');
        await this.call('POST', `/api/boards/${board.id}/press`, JSON.stringify({ channel: this.random.pick(board.channels).channel, pressed: this.random.chance(0.5) }));
        break;
      case 7:
        this.kind('valid POST /api/train');
        await this.call('POST', '/api/train', JSON.stringify({ method: this.random.pick(['trial-and-error', 'backprop', 'perceptron']), epochs: this.random.int(1, 2000) }));
        break;
      case 8:
        this.kind('valid DELETE /api/train');
        await this.call('DELETE', '/api/train');
        break;
      default:
        this.kind('valid POST /api/corpus');
        await this.call('POST', '/api/corpus', JSON.stringify({ inputs: this.values(inputs), targets: Array.from({ length: outputs }, () => this.random.int(0, 1)) }));
    }
  }

  private async malformedCall(): Promise<void> {
    const id = this.random.pick(this.target.rig.boards).id;
    const cases: Array<[string, string, string | undefined, Record<string, string>?]> = [
      ['POST', '/api/inputs', '{"values": [1, 0'],
      ['POST', '/api/inputs', '{"values": "1,0"}'],
      ['POST', '/api/inputs', '{"values": [1e308, -1e308]}'],
      ['POST', '/api/inputs', '{"values": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]}'],
      ['POST', '/api/inputs', '{}'],
      ['POST', '/api/inputs', 'null'],
      ['POST', '/api/inputs', '[]'],
      ['POST', '/api/inputs', '{"values": [1, 0], "extra": true}'],
      ['POST', '/api/inputs', '{"values": [1, 0]}', { 'content-type': 'text/plain' }],
      ['POST', '/api/inputs', '{"values": [1, 0]}', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['POST', '/api/inputs', '\u0000\u0001\u0002'],
      ['POST', `/api/boards/${id}/press`, '{"pressed": "yes"}'],
      ['POST', `/api/boards/${id}/press`, '{"channel": 99, "pressed": true}'],
      ['POST', `/api/boards/${id}/press`, '{"channel": 3, "pressed": true}'],
      ['POST', '/api/boards/nope/press', '{"pressed": true}'],
      ['POST', `/api/boards/${'x'.repeat(500)}/press`, '{"pressed": true}'],
      ['POST', '/api/boards/%00%ff/press', '{"pressed": true}'],
      ['POST', '/api/train', '{"method": "guessing"}'],
      ['POST', '/api/train', '{"epochs": -1}'],
      ['POST', '/api/train', '{"epochs": 1e300, "learningRate": 0}'],
      ['POST', '/api/train', '{"targetLoss": "low"}'],
      ['POST', '/api/corpus', '{"inputs": [1], "targets": [1]}'],
      ['POST', '/api/corpus', '{"inputs": [], "targets": []}'],
      ['POST', '/api/corpus', `{"inputs": [1, 0], "targets": [1], "label": "${'é'.repeat(200)}"}`],
      ['POST', '/api/corpus', `{"inputs": ${'['.repeat(5000)}${']'.repeat(5000)}, "targets": [1]}`],
      ['POST', '/api/corpus', '{"__proto__": {"polluted": true}, "inputs": [1, 0], "targets": [1]}'],
      ['GET', '/api/nope', undefined],
      ['GET', '/api/../../etc/passwd', undefined],
      ['PUT', '/api/inputs', '{"values": [1, 0]}'],
      ['DELETE', '/api/corpus', undefined],
    ];
    const [method, path, body, headers] = this.random.pick(cases);
    this.kind('malformed');
    await this.call(method, path, body, headers ?? {});
  }

  private async oversizedCall(): Promise<void> {
    const size = this.random.pick([70_000, 300_000, 2_000_000]);
    const body = `{"values": [${'1,'.repeat(size / 2)}1]}`;
    this.kind('oversized');
    const reply = await this.call('POST', '/api/inputs', body, {}, 10_000);
    if (reply === null && this.target.url() !== null) {
      // The server may answer 413 and close before taking the whole body: an EPIPE here is fine.
      this.figures.connectionErrors -= 1;
      this.figures.oversizedCutOff += 1;
    }
  }

  /** A client that sends its body one byte at a time, 20–150 ms apart (bounded: a few seconds). */
  private async slowBody(): Promise<void> {
    const base = this.target.url();
    if (base === null) return;
    const url = loopbackOnly(base);
    const body = JSON.stringify({ values: this.values(this.target.rig.network.layers[0]!) });
    const head = `POST /api/inputs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    this.kind('slow body');
    const status = await new Promise<number | null>((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) });
      let reply = '';
      const give = setTimeout(() => socket.destroy(), 20_000);
      socket.on('data', (d) => (reply += d.toString('latin1')));
      socket.on('close', () => {
        clearTimeout(give);
        const m = /^HTTP\/1\.1 (\d{3})/.exec(reply);
        resolve(m ? Number(m[1]) : null);
      });
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        void (async () => {
          socket.write(head);
          for (const ch of body) {
            if (socket.destroyed) return;
            await sleep(this.random.int(20, 150));
            socket.write(ch);
          }
        })();
      });
    });
    if (status !== null) {
      this.figures.slowBodies += 1;
      this.figures.requests += 1;
      this.figures.byStatus[status] = (this.figures.byStatus[status] ?? 0) + 1;
      if (status >= 500) this.figures.fiveXx.push({ method: 'POST', path: '/api/inputs (slow body)', status, body: '' });
    }
  }

  /** An event-stream client that stops reading for a while (a phone walking out of Wi-Fi range). */
  private async slowSseReader(): Promise<void> {
    const res = await this.openEvents();
    if (!res) return;
    this.kind('slow SSE reader');
    this.figures.slowSseReaders += 1;
    let closedByServer = false;
    res.on('close', () => (closedByServer = true));
    res.pause();
    const until = Date.now() + this.random.int(3000, 20_000);
    while (Date.now() < until && !closedByServer && this.running) {
      await sleep(500);
      // Reads a trickle: one small chunk now and then.
      res.read(16);
    }
    if (closedByServer) this.figures.slowSseDropped += 1;
    res.destroy();
  }

  /** Many clients connect, read their hello, and drop at once or after a moment. */
  private async sseChurn(): Promise<void> {
    const n = this.random.int(1, this.sseClients);
    this.kind('SSE churn');
    await Promise.all(
      Array.from({ length: n }, async () => {
        const res = await this.openEvents();
        if (!res) return;
        res.on('data', () => undefined);
        await sleep(this.random.int(0, 2000));
        res.destroy();
      }),
    );
  }

  private openEvents(): Promise<IncomingMessage | null> {
    const base = this.target.url();
    if (base === null) return Promise.resolve(null);
    return new Promise((resolve) => {
      const req = request(new URL('/api/events', loopbackOnly(base)), { agent: false, timeout: 5000 }, (res) => {
        this.figures.sseConnects += 1;
        const status = res.statusCode ?? 0;
        this.figures.requests += 1;
        this.figures.byStatus[status] = (this.figures.byStatus[status] ?? 0) + 1;
        if (status >= 500) this.figures.fiveXx.push({ method: 'GET', path: '/api/events', status, body: '' });
        req.setTimeout(0);
        resolve(res);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(null));
      req.end();
    });
  }
}
