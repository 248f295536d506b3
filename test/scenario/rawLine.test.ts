/**
 * SerialNeuronBoard.raw: any line, valid or not, goes through the command queue and resolves with
 * the board's reply line as sent, ERR included. Tried on the fake board (it follows PROTOCOL.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialNeuronBoard } from '../../src/transports/serialBoard.js';
import { catalogue, fakeBoard } from '../helpers/boards.js';

const opened: SerialNeuronBoard[] = [];

async function openFake() {
  const device = fakeBoard({ id: '0badf00d' });
  const board = new SerialNeuronBoard({ catalogue, path: device.path, binding: device.binding, transport: 'fake', timeouts: { replyMs: 500, bootWaitMs: 20, openMs: 1000 } });
  opened.push(board);
  await board.open();
  return { device, board };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

describe('SerialNeuronBoard.raw', () => {
  it('PING 7 resolves with the PONG line as the board sent it', async () => {
    const { board } = await openFake();
    expect(await board.raw('PING 7')).toMatch(/^PONG 7 \d+$/);
  });

  it('PING 007 (leading zeros) is matched by value and the reply line is returned verbatim', async () => {
    const { board } = await openFake();
    expect(await board.raw('PING 007')).toMatch(/^PONG 7 \d+$/);
  });

  it('lines the board refuses resolve with their ERR: lower-case verb, unused channel, too long, bad fields', async () => {
    const { board } = await openFake();
    expect(await board.raw('led 0 1')).toBe('ERR UNKNOWN');
    expect(await board.raw('LED 3 1')).toBe('ERR CHANNEL');
    expect(await board.raw(`PING ${'1'.repeat(60)}`)).toBe('ERR LONG');
    expect(await board.raw('LED 0')).toBe('ERR ARGS');
  });

  it('a raw LED is written as typed and never merged with the supervisor\'s LED commands', async () => {
    const { device, board } = await openFake();
    const replies = await Promise.all([board.setLed(0, 10), board.raw('LED 0 200'), board.setLed(0, 20), board.raw('STATE 0')]);
    expect(replies[1]).toBe('OK LED');
    expect(device.hostLines).toContain('LED 0 200');
    expect(replies[3]).toMatch(/^STATE 0 (200|20) 0$/);
  });

  it('an empty line or one holding "\\n" is refused before sending (NB_ERR_INVALID_ARGUMENT): the board would answer nothing or twice', async () => {
    const { board } = await openFake();
    await expect(board.raw('')).rejects.toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
    await expect(board.raw('PING 1\nPING 2')).rejects.toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
  });

  it('a closed board refuses with NB_ERR_BOARD_OFFLINE', async () => {
    const { board } = await openFake();
    await board.close();
    await expect(board.raw('PING 1')).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
  });
});
