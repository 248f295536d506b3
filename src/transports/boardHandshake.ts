/**
 * How a freshly opened port becomes a known board (firmware/PROTOCOL.md, "Opening a port"): opening
 * may reset the board (DTR), so wait for its BOOT line, sending nothing while its bootloader runs; a
 * board that was not reset says nothing, so after `bootWaitMs` send a lone "\n" and ask WHO (again,
 * until it answers); give up after `openMs`.
 */
import type { NbError } from '../core/errors.js';
import type { Announcement } from '../protocol/index.js';
import type { CommandQueue } from './commandQueue.js';

/** Set on the session while the handshake waits; the line reader hands it a BOOT as it arrives. */
export interface PendingHandshake {
  announce(message: Announcement): void;
  fail(err: NbError): void;
}

export interface HandshakeSession {
  queue: CommandQueue;
  ended: boolean;
  handshake: PendingHandshake | null;
}

export interface HandshakeOptions {
  bootWaitMs: number;
  /** Called the moment the board announces itself, before any later line is read. */
  identify(message: Announcement): void;
  openMs: number;
  /** The board answered WHO with a protocol this host does not speak. */
  refuseVersion(proto: number): void;
  /** Nothing announced within openMs: end the session with this error (which fails the handshake). */
  timedOut(): void;
  /** Sends the lone "\n" that discards a half line an earlier session left in the board's buffer. */
  clearBoardLine(): void;
}

/** Resolves with the board's BOOT or HELLO; rejects when the session ends first. */
export function awaitAnnouncement(session: HandshakeSession, options: HandshakeOptions): Promise<Announcement> {
  return new Promise<Announcement>((resolve, reject) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const finish = () => {
      session.handshake = null;
      for (const t of timers) clearTimeout(t);
    };
    session.handshake = {
      announce: (message) => {
        finish();
        options.identify(message);
        resolve(message);
      },
      fail: (err) => {
        finish();
        reject(err);
      },
    };
    let cleared = false;
    const askWho = () => {
      if (session.ended || session.handshake === null) return;
      if (!cleared) {
        cleared = true;
        options.clearBoardLine();
      }
      session.queue.send({ kind: 'who' }).then(
        ({ message }) => {
          if (message.kind === 'hello') session.handshake?.announce(message);
          else if (message.kind === 'incompatible') options.refuseVersion(message.proto);
          else askWho();
        },
        () => askWho(),
      );
    };
    // Nothing is sent before bootWaitMs: a board reset by the open runs its bootloader first, and the
    // Mega's stk500v2 takes any byte as an upload and waits ~5 s more after each one. A board that
    // was not reset gets the lone "\n" (for a half line an earlier session left) just before WHO.
    timers.push(setTimeout(askWho, options.bootWaitMs));
    timers.push(setTimeout(options.timedOut, options.openMs));
  });
}
