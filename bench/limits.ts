/**
 * `npm run bench -- limits`: what a hostile or broken client can hold on a real listening server, as
 * a museum runs it (the CLI, `start --fake`, in its own process under a 1,024-descriptor limit, the
 * default of systemd and of most shells):
 * 1. one client opens 1,100 event streams at once: how many are held, how many refused (503) or
 *    reset, and whether `/api/health` answers while they are held (and how fast);
 * 2. a body sent one byte a second, headers sent one line a second, a connection that sends
 *    nothing: when the server cuts each (and with what), while an event stream opened beside them
 *    must live on.
 * Figures, not a test: a busy machine moves them. `NEUROBOARD_BENCH_CLI=<path to main.js>` runs
 * another build's CLI (e.g. an older commit's, for a before/after).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/hosts/node/paths.js';

const FD_LIMIT = 1024;
const STREAMS = 1100;
const HEALTH_PROBES = 20;
/** Longest the bench waits for the server to cut a slow client (the old bound was up to 90 s). */
const GIVE_UP_MS = 150_000;

interface Server {
  child: ChildProcess;
  url: URL;
  exited: Promise<void>;
}

async function startUnderLimit(cliPath: string, dataDir: string): Promise<Server> {
  // `ulimit -n` in the shell that execs node: the child inherits the limit, the bench (the client) does not.
  const child = spawn('sh', ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$@"`, process.execPath, cliPath, 'start', '--fake', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`the server exited before it listened:\n${out}`)));
  });
  return { child, url: new URL(url), exited };
}

type StreamOutcome = { kind: 'held'; close: () => void; ended: () => boolean } | { kind: 'refused'; status: number } | { kind: 'failed'; code: string };

/** Opens one event stream; held once its `hello` arrives. */
function openStream(url: URL): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const req = request(new URL('/api/events', url), { agent: false, headers: { accept: 'text/event-stream' }, timeout: 30_000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve({ kind: 'refused', status: res.statusCode ?? 0 });
        return;
      }
      let ended = false;
      res.once('close', () => (ended = true));
      res.once('data', () => resolve({ kind: 'held', close: () => req.destroy(), ended: () => ended }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 30 s'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'failed', code: err.code ?? err.message }));
    req.end();
  });
}

/** One `GET /api/health` with a 3 s bound: its time in ms, or the error's code. */
function probeHealth(url: URL): Promise<{ ms: number } | { error: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(new URL('/api/health', url), { agent: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? { ms: performance.now() - started } : { error: `HTTP ${res.statusCode}` }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

const count = <T>(items: T[], key: (item: T) => string): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {});

async function streamFlood(url: URL, log: (line: string) => void) {
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: STREAMS }, () => openStream(url)));
  const settledMs = Math.round(performance.now() - started);
  const held = outcomes.filter((o) => o.kind === 'held');
  const refused = outcomes.filter((o) => o.kind === 'refused');
  const failed = outcomes.filter((o): o is { kind: 'failed'; code: string } => o.kind === 'failed');
  log(`${STREAMS} streams from one client: ${held.length} held, ${refused.length} refused (${JSON.stringify(count(refused, (o) => String((o as { status: number }).status)))}), ${failed.length} failed (${JSON.stringify(count(failed, (o) => o.code))}); all settled in ${settledMs} ms`);

  const probes = [];
  for (let i = 0; i < HEALTH_PROBES; i++) probes.push(await probeHealth(url));
  const times = probes.flatMap((p) => ('ms' in p ? [p.ms] : [])).sort((a, b) => a - b);
  const errors = probes.flatMap((p) => ('error' in p ? [p.error] : []));
  const healthMs = times.length > 0 ? { p50: round(times[Math.floor(times.length / 2)]!), max: round(times[times.length - 1]!) } : null;
  log(`GET /api/health while ${held.length} streams are held: ${times.length} of ${HEALTH_PROBES} answered${healthMs ? ` (p50 ${healthMs.p50} ms, max ${healthMs.max} ms)` : ''}${errors.length ? `, errors ${JSON.stringify(count(errors, (e) => e))}` : ''}`);
  for (const o of held) o.close();
  return { streams: STREAMS, held: held.length, refused: refused.length, failed: count(failed, (o) => o.code), settledMs, health: { answered: times.length, of: HEALTH_PROBES, ms: healthMs, errors: count(errors, (e) => e) } };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** A raw client that sends `head` at once, then `drip` every second until the server closes the connection. */
function dripUntilCut(url: URL, head: string, drip: string): Promise<{ cutAfterMs: number | null; reply: string }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    let reply = '';
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (cut: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ cutAfterMs: cut ? Math.round(performance.now() - started) : null, reply: reply.split('\r\n')[0] ?? '' });
    };
    const giveUp = setTimeout(() => finish(false), GIVE_UP_MS);
    socket.on('connect', () => {
      started = performance.now();
      if (head) socket.write(head);
      if (drip) timer = setInterval(() => socket.writable && socket.write(drip), 1000);
    });
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
  });
}

async function slowClients(url: URL, log: (line: string) => void) {
  // A stream opened first, to see that the bounds on requests never cut a live stream.
  const stream = await openStream(url);
  const streamOpened = performance.now();
  const host = `Host: ${url.host}\r\n`;
  const [body, headers, silent] = await Promise.all([
    dripUntilCut(url, `POST /api/inputs HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`, ' '),
    dripUntilCut(url, `GET /api/health HTTP/1.1\r\n${host}`, 'X-Slow: 1\r\n'),
    dripUntilCut(url, '', ''),
  ]);
  const streamSurvived = stream.kind === 'held' && !stream.ended();
  const streamOpenS = ((performance.now() - streamOpened) / 1000).toFixed(1);
  if (stream.kind === 'held') stream.close();
  const show = (r: { cutAfterMs: number | null; reply: string }) => (r.cutAfterMs === null ? `not cut within ${GIVE_UP_MS / 1000} s` : `cut after ${(r.cutAfterMs / 1000).toFixed(1)} s (${r.reply || 'closed with no reply'})`);
  log(`a body sent one byte a second: ${show(body)}`);
  log(`headers sent one line a second: ${show(headers)}`);
  log(`a connection that sends nothing: ${show(silent)}`);
  log(`an event stream opened before them: ${stream.kind !== 'held' ? `not opened (${stream.kind})` : streamSurvived ? `still open after ${streamOpenS} s` : 'cut'}`);
  return { slowBody: body, slowHeaders: headers, silentConnection: silent, streamSurvived };
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const cliPath = process.env['NEUROBOARD_BENCH_CLI'] ?? join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'nb-limits-'));
  log(`server: ${cliPath} start --fake, under ulimit -n ${FD_LIMIT}`);
  const server = await startUnderLimit(cliPath, dataDir);
  try {
    const flood = await streamFlood(server.url, log);
    const slow = await slowClients(server.url, log);
    return { fdLimit: FD_LIMIT, flood, ...slow };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}
