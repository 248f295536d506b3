/**
 * A board that opens but then fails its setup (raising its channel count to what the rig uses) must
 * be closed, not left open with nobody supervising it: an open port is locked, so every later open
 * would fail as "in use" and the board would never come back (found by a scenario run on an
 * overloaded machine: the CHANNELS reply came too late, and each retry then said "Cannot lock port").
 * Faults tried: the reply to CHANNELS never comes (a board that stops answering mid-setup), on the
 * fake-board source and on the hardware source; a rig that needs more channels than the board has.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { HardwareBoardSource } from '../../src/runtime/sources/hardwareSource.js';
import { fakeBoard } from '../helpers/boards.js';
import type { SerialBinding } from '../../src/platform/serialBinding.js';
import { nodeFakeSource, nodeHardwareSource } from '../../src/hosts/node/boardSources.js';

let rig: ResolvedRig;
beforeAll(async () => {
  rig = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
});

/** The XOR rig's hidden board: three channels, where a fresh board uses one. */
const hiddenSpec = () => rig.boards.find((b) => b.id === 'a0000003')!;

/** The hidden board alone on /dev/ttyACM0, found by the hardware source with short timeouts. */
function hiddenBoardOnAPort() {
  const device = fakeBoard({ id: 'a0000003', path: '/dev/ttyACM0' });
  const binding: SerialBinding = { open: (options) => device.binding.open(options) };
  const source = nodeHardwareSource({
    rig,
    binding,
    listPorts: async () => [{ path: '/dev/ttyACM0', likely: true }],
    timeouts: { bootWaitMs: 50, openMs: 300, replyMs: 100 },
  });
  return { device, source };
}

describe('a board whose setup fails is closed, so its port opens again', () => {
  it('fake source: CHANNELS never answered → open rejects with the timeout, the port is free, the next open works', async () => {
    const source = nodeFakeSource(rig);
    const device = source.devices.get('a0000003')!;
    device.muted = true; // BOOT still comes on open; replies do not
    await expect(source.open(hiddenSpec())).rejects.toThrow(/a0000003.*(did not answer|no reply|within)/i);
    expect(device.isOpen).toBe(false);
    device.muted = false;
    const board = await source.open(hiddenSpec());
    expect(board.identity!.channels).toBe(3);
    await source.close();
  });

  it('hardware source: the same on a port found by id; the port is not kept as "held" and is searched again', async () => {
    const { device, source } = hiddenBoardOnAPort();
    device.muted = true;
    await expect(source.open(hiddenSpec())).rejects.toThrow(/a0000003/);
    expect(device.isOpen).toBe(false);
    device.muted = false;
    const board = await source.open(hiddenSpec());
    expect([board.path, board.identity!.channels]).toEqual(['/dev/ttyACM0', 3]);
    await source.close();
  });

  it('hardware source: a board with fewer channels than the rig uses is refused with what to do, and closed', async () => {
    const { device, source } = hiddenBoardOnAPort();
    const spec = hiddenSpec();
    const tooMany = { ...spec, channels: [...spec.channels, { ...spec.channels[0]!, channel: device.maxChannels }] };
    await expect(source.open(tooMany)).rejects.toThrow(new RegExp(`has ${device.maxChannels} channels but the rig uses channel ${device.maxChannels}`));
    expect(device.isOpen).toBe(false);
    await source.close();
  });
});
