/**
 * Presses at start-up on boards running the real firmware in avr8js, as `npm start` runs: for a
 * second or two the boards are `connecting` (their bootloader runs, then the handshake), and a press
 * made then is lost in the bootloader, dropped before the host listens, or seen by the firmware just
 * after and reported late, so that it toggles the input after the visitor has given up and the next
 * press seems lost. Such a press is refused (503) and nothing is pressed; the first press once the
 * board is online counts exactly once. A board reset by its button (its bootloader running while the
 * host still has it online) refuses the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { SimBoardSource } from '../../src/runtime/sources/simSource.js';
import { buildApp } from '../../src/server/app.js';
import { testRig } from '../server/exhibitForTests.js';
import { waitFor } from '../transports/waitFor.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeSimSource } from '../../src/hosts/node/boardSources.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('presses while the emulated boards start', () => {
  it('a press while input A starts is refused (503) and pressed nowhere; once online one click counts once; a reset refuses too, then a click counts again', async () => {
    const rig = await testRig();
    const source = nodeSimSource(rig);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
    running = exhibit;
    const presses: string[] = [];
    exhibit.on('trace', (_trace, from) => from === 'button a0000001:0' && presses.push(from));
    exhibit.start();
    const app = buildApp({ exhibit });
    const device = source.devices.get('a0000001')!;
    const click = () => app.inject({ method: 'POST', url: '/api/boards/a0000001/press', payload: { click: true } });

    const early = await click();
    expect(exhibit.state().boards[0]!.state).toBe('connecting');
    expect(early.statusCode, early.body).toBe(503);
    expect(early.json()).toMatchObject({ error: 'NB_ERR_BOARD_NOT_READY', message: expect.stringMatching(/^board a0000001 \(input A\) is starting: .*try again in a second$/) });
    expect(device.isPressed(0) || device.pendingMoves(0) > 0).toBe(false);

    await waitFor(() => exhibit.state().boards.every((b) => b.online), { timeoutMs: 30_000, what: 'the four emulated boards to come online' });
    /** Input A's button played out on the board and its release reported. */
    const letGo = () => device.pendingMoves(0) === 0 && !device.isPressed(0) && !exhibit.state().boards[0]!.channels[0]!.pressed;
    expect((await click()).statusCode).toBe(200);
    await waitFor(() => presses.length >= 1 && letGo(), { timeoutMs: 10_000, what: 'the click to register and be let go' });
    expect(presses).toHaveLength(1);
    expect(exhibit.state().inputs[0]).toBe(1);

    device.reset(); // its reset button: the bootloader runs, the host still has it online
    expect(exhibit.state().boards[0]!.online).toBe(true);
    const resetting = await click();
    expect(resetting.statusCode).toBe(503);
    expect(resetting.headers['retry-after']).toBe('1');
    expect(resetting.json().message).toMatch(/^board a0000001 \(input A\) is resetting \(its bootloader runs\): .*try again in a second$/);

    await waitFor(() => !device.avr.inBootloader && exhibit.state().boards[0]!.online, { timeoutMs: 30_000, what: 'input A to run its firmware again' });
    await waitFor(async () => (await click()).statusCode === 200, { timeoutMs: 10_000, intervalMs: 50, what: 'a click to be taken once the firmware runs' });
    await waitFor(() => presses.length >= 2 && letGo(), { timeoutMs: 10_000, what: 'the second click to register and be let go' });
    expect(presses).toHaveLength(2);
    expect(exhibit.state().inputs[0]).toBe(0);
    await app.close();
  }, 90_000);
});
