/**
 * Server benchmark, loopback only, bounded in count and time:
 * 1. `GET /api/state` throughput with 32 requests in flight for ~3 s, against a bare fastify route
 *    answering `{ ok: true }` in the same run (the ratio says what the state itself costs), and
 *    `/api/health` of the same app (what helmet, the hooks and the error plumbing cost).
 * 2. SSE fan-out: 50 clients on `/api/events`; for 200 events, the time from the exhibit emitting
 *    one to the last of the 50 clients receiving it (p50/p99).
 * 3. Teach latency with the durable reply: 300 distinct `POST /api/corpus`, one after another, each
 *    answered only once its save (fsync + rename) is on disk in a temp data folder (p50/p99; the
 *    target is p99 < 50 ms).
 */
import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { classicCorpus } from '../src/core/corpora.js';
import { NbError } from '../src/core/errors.js';
import type { NeuronBoard } from '../src/transports/board.js';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { Exhibit, type BoardSource } from '../src/runtime/exhibit.js';
import { exhibitStore } from '../src/hosts/node/stateFile.js';
import { loadRig } from '../src/hosts/node/exhibitFiles.js';
import type { RigBoard } from '../src/runtime/rig/schema.js';
import { startServer } from '../src/server/listen.js';
import { EventEmitter } from 'node:events';
import { shippedCatalogue } from '../src/hosts/node/boardFiles.js';
import { nodeScheduler } from '../src/hosts/node/nodeScheduler.js';

const IN_FLIGHT = 32;
const LOAD_MS = 3000;
const SSE_CLIENTS = 50;
const SSE_EVENTS = 200;
const TEACHES = 300;

/** A board that does nothing, quickly: the bench measures the server, not the boards. */
class NullBoard extends EventEmitter {
  readonly transport = 'fake' as const;
  readonly path: string;
  readonly identity;
  health = { online: true, lastSeenMs: Date.now(), rttMs: 1 };
  constructor(id: string) {
    super();
    this.path = `bench:${id}`;
    this.identity = { id, board: 'uno', protocol: 1, firmware: '0.0.0', channels: 4, maxChannels: 4 };
  }
  async open() {
    return this.identity;
  }
  async setLed() {}
  async fire() {}
  async ping() {
    this.health.lastSeenMs = Date.now();
    return 1;
  }
  async idle() {}
  async close() {}
}

const source: BoardSource = {
  kind: 'fake',
  catalogue: shippedCatalogue(),
  open: async (board: RigBoard) => new NullBoard(board.id) as unknown as NeuronBoard,
  close: async () => {},
};

/** Requests per second over `ms` with `inFlight` concurrent keep-alive loops. */
async function throughput(url: string, ms: number, inFlight: number): Promise<{ rps: number; requests: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const target = new URL(url);
  let requests = 0;
  let errors = 0;
  const end = performance.now() + ms;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, agent }, (res) => {
        if (res.statusCode !== 200) errors++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        await one();
        requests++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: Math.round(requests / seconds), requests, errors };
}

/** Teaches distinct examples one after another; each reply comes after the save that holds it. */
async function teachLatency(url: string): Promise<{ p50: number; p99: number; max: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${url}api/corpus`);
  const times: number[] = [];
  for (let i = 0; i < TEACHES; i++) {
    const body = JSON.stringify({ inputs: [2 + i / 1000, 0.5], targets: [i % 2] });
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    times.push(performance.now() - started);
    if (status !== 201) throw new NbError('NB_ERR_IO', `bench: teach ${i} answered ${status}`);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times[times.length - 1]!) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  const rig = { ...loaded.rig, cascade: { ...loaded.rig.cascade, stepDelayMs: 0 }, training: { ...loaded.rig.training, trainOnStart: false } };
  const dataDir = await mkdtemp(join(tmpdir(), 'nb-bench-'));
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor'), store: exhibitStore(dataDir, rig.name) });
  // The fan-out's clients all come from loopback: one address may hold them all here.
  const server = await startServer({ exhibit, port: 0, handleSignals: false, events: { maxStreamsPerAddress: SSE_CLIENTS } });
  const bare = Fastify({ logger: false });
  bare.get('/ok', async () => ({ ok: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareAddress = bare.server.address();
  if (!bareAddress || typeof bareAddress !== 'object') throw new NbError('NB_ERR_IO', 'bench: the bare server has no address');

  try {
    // warm up both (JIT, serializers)
    await throughput(`${server.url}api/state`, 300, IN_FLIGHT);
    await throughput(`http://127.0.0.1:${bareAddress.port}/ok`, 300, IN_FLIGHT);
    const state = await throughput(`${server.url}api/state`, LOAD_MS, IN_FLIGHT);
    log(`GET /api/state: ${state.rps} req/s (${state.requests} requests, ${state.errors} errors, ${IN_FLIGHT} in flight)`);
    const health = await throughput(`${server.url}api/health`, LOAD_MS, IN_FLIGHT);
    log(`GET /api/health (same app, tiny reply): ${health.rps} req/s`);
    const baseline = await throughput(`http://127.0.0.1:${bareAddress.port}/ok`, LOAD_MS, IN_FLIGHT);
    log(`bare fastify {ok:true}: ${baseline.rps} req/s`);
    const ratio = Math.round((state.rps / baseline.rps) * 100) / 100;
    log(`ratio state/bare: ${ratio}`);

    // SSE fan-out
    const target = new URL(`${server.url}api/events`);
    const received: number[][] = Array.from({ length: SSE_EVENTS }, () => []);
    const clients = await Promise.all(
      Array.from(
        { length: SSE_CLIENTS },
        () =>
          new Promise<import('node:http').ClientRequest>((resolve, reject) => {
            const req = request({ host: target.hostname, port: target.port, path: target.pathname, headers: { accept: 'text/event-stream' } }, (res) => {
              let tail = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                const now = performance.now();
                const text = tail + chunk;
                for (const m of text.matchAll(/"message":"bench (\d+)"/g)) received[Number(m[1])]!.push(now);
                tail = text.slice(-40);
              });
              resolve(req);
            });
            req.on('error', reject);
            req.end();
          }),
      ),
    );
    const hub = server.app.eventHub;
    const deadline = Date.now() + 10_000;
    while (hub.stats.clients < SSE_CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const latencies: number[] = [];
    for (let i = 0; i < SSE_EVENTS; i++) {
      const emitted = performance.now();
      exhibit.emit('log', 'info', `bench ${i}`);
      const until = Date.now() + 2000;
      while (received[i]!.length < SSE_CLIENTS && Date.now() < until) await new Promise((r) => setImmediate(r));
      if (received[i]!.length < SSE_CLIENTS) throw new NbError('NB_ERR_IO', `bench: event ${i} reached ${received[i]!.length} of ${SSE_CLIENTS} clients`);
      latencies.push(Math.max(...received[i]!) - emitted);
    }
    latencies.sort((a, b) => a - b);
    const p50 = Math.round(percentile(latencies, 50) * 1000) / 1000;
    const p99 = Math.round(percentile(latencies, 99) * 1000) / 1000;
    log(`SSE fan-out to ${SSE_CLIENTS} clients, ${SSE_EVENTS} events: all received p50 ${p50} ms, p99 ${p99} ms`);
    for (const c of clients) c.destroy();

    const teach = await teachLatency(server.url);
    // fsync times swing with whatever else the machine writes, so the load goes beside the figure.
    const load = loadavg()[0]!.toFixed(1);
    log(`POST /api/corpus, durable reply (saved before the 201), ${TEACHES} in a row: p50 ${teach.p50} ms, p99 ${teach.p99} ms, max ${teach.max} ms (load average ${load})`);

    return {
      stateRps: state.rps,
      healthRps: health.rps,
      bareRps: baseline.rps,
      stateToBareRatio: ratio,
      inFlight: IN_FLIGHT,
      sseClients: SSE_CLIENTS,
      sseEvents: SSE_EVENTS,
      sseAllReceivedP50Ms: p50,
      sseAllReceivedP99Ms: p99,
      teaches: TEACHES,
      teachDurableP50Ms: teach.p50,
      teachDurableP99Ms: teach.p99,
      teachDurableMaxMs: teach.max,
      teachLoadAverage: Number(load),
    };
  } finally {
    await bare.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
