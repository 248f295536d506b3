/**
 * Flashing through the emulated bootloaders with neuroboard's own STK500v1 client (src/flash), in
 * emulated time: how long writing and reading back the firmware takes against the wire limit, i.e.
 * every byte sent and received at 10 bits per byte at the bootloader's baud rate (issue 13: target
 * ≤ 1.5x at 115200), for optiboot (Uno), ATmegaBOOT (old Nano clones) and stk500v2 (Mega). The rest is the chip's page erase + write (~8.2 ms a page) and reply turnarounds.
 */
import { readFileSync } from 'node:fs';
import { flashBoard, programBytes } from '../src/flash/flashBoard.js';
import { simTiming } from '../src/flash/simTiming.js';
import { parseIntelHex } from '../src/sim/avr/intelHex.js';
import { dtrToBoot, protocolDtrToBootMs } from './sim.js';
import { nodeSimRegistry } from '../src/hosts/node/simBoards.js';
import { packagePath, shippedCatalogue } from '../src/hosts/node/boardFiles.js';

async function flashOnce(board: string, firmwareBoard: string): Promise<Record<string, number>> {
  const reg = nodeSimRegistry({ mode: 'virtual' });
  try {
    const sim = reg.create(board);
    await reg.clock.runFor(1500);
    const profile = shippedCatalogue().get(firmwareBoard);
    const program = programBytes(parseIntelHex(readFileSync(packagePath(profile.firmware), 'latin1'), profile.flashBytes));
    const baud = sim.avr.profile.bootloader!.baudRate;
    const wall = performance.now();
    const r = await flashBoard({
      catalogue: shippedCatalogue(),
      binding: reg.binding,
      path: sim.path,
      board: firmwareBoard,
      mcu: profile.mcu,
      baudRate: baud,
      protocol: sim.avr.profile.bootloader!.protocol,
      pageBytes: profile.chip.pageBytes,
      program,
      timing: simTiming(reg.clock, () => sim.avr.timeMs),
    });
    const wireMs = ((r.sent + r.received) * 10 * 1000) / baud;
    return {
      baud,
      bytes: r.bytes,
      pages: r.pages,
      sent: r.sent,
      received: r.received,
      wireLimitMs: Math.round(wireMs),
      programMs: Math.round(r.programMs),
      ratio: Number((r.programMs / wireMs).toFixed(2)),
      totalMs: Math.round(r.ms),
      wallMs: Math.round(performance.now() - wall),
    };
  } finally {
    reg.clear();
  }
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // The Mega resets through its real stk500v2 (~13 M cycles of waiting): how long that takes to emulate.
  const boot = [0, 1, 2].map(() => dtrToBoot('mega'));
  const wall = boot.map((b) => Math.round(b.wallMs));
  out.megaDtrToBoot = { emulatedMs: Math.round(boot[0]!.emulatedMs), protocolMs: protocolDtrToBootMs('mega'), wallMs: wall };
  log(`mega DTR to BOOT through stk500v2: ${boot[0]!.emulatedMs.toFixed(0)} ms emulated (PROTOCOL.md: about ${protocolDtrToBootMs('mega')} ms); ${wall.join(' / ')} ms of wall time to emulate (3 resets)`);
  for (const [board, firmware] of [
    ['uno', 'uno'],
    ['nano-old', 'nano'],
    ['mega', 'mega'],
  ] as const) {
    const f = await flashOnce(board, firmware);
    out[board] = f;
    log(
      `${board} (${f.baud} baud): ${f.bytes} bytes, ${f.pages} pages; write + read back ${f.programMs} ms emulated vs wire limit ${f.wireLimitMs} ms ` +
        `(${f.sent} sent + ${f.received} received) = ${f.ratio}x; with reset and sync ${f.totalMs} ms; ${f.wallMs} ms of wall time`,
    );
  }
  return out;
}
