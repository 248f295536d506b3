/**
 * The browser bench's worker (bundled by bench/browser.ts): `n` emulated Unos running the real
 * firmware behind optiboot in ONE dedicated worker, on the browser host's scheduler and bundled
 * catalogue, as the site will run them; how much emulated time each board gets per wall ms.
 */
import { textToBytes } from '../../src/platform/bytes.js';
import { browserSimRegistry } from '../../src/hosts/browser/simBoards.js';

interface Scope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: { boards: number; ms: number } }) => void): void;
}

const scope = globalThis as unknown as Scope;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

scope.addEventListener('message', (event) => {
  void (async () => {
    const { boards: n, ms } = event.data;
    const registry = browserSimRegistry({ mode: 'realtime' });
    const boards = Array.from({ length: n }, (_, i) => registry.create('uno', { id: (0x10000000 + i).toString(16) }));
    for (const b of boards) b.avr.uart.write(textToBytes('\nLED 0 100\n'));
    await sleep(200); // boot
    const start = boards.map((b) => b.avr.timeMs);
    const t0 = performance.now();
    // Keep each board's host-silence watchdog quiet, as a live host does.
    const ping = setInterval(() => boards.forEach((b, i) => b.avr.uart.write(textToBytes(`PING ${i}\n`))), 1000);
    await sleep(ms);
    clearInterval(ping);
    const wall = performance.now() - t0;
    const factors = boards.map((b, i) => (b.avr.timeMs - start[i]!) / wall);
    registry.clear();
    scope.postMessage({ factors, hardwareConcurrency: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency });
  })();
});
