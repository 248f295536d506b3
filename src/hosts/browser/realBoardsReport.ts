/**
 * What the "Connect boards" panel says about the real boards, in words a teacher follows: which of
 * the exhibit's boards are working, which are missing and what to do about each, and what else is
 * plugged in (a board of another exhibit, a device that does not answer as a neuroboard). Made from
 * data the exhibit and the ports already have (the boards' states, the granted ports, the hardware
 * source's notes), so the console draws it without knowing how boards are found.
 */
import type { BoardState } from '../../runtime/rigBoards.js';
import type { PortNote } from '../../runtime/sources/hardwareSource.js';
import type { WebSerialPortInfo } from './webSerialPorts.js';

export type ReportTone = 'found' | 'starting' | 'missing' | 'other';

export interface ReportLine {
  tone: ReportTone;
  text: string;
}

export interface RealBoardsReport {
  /** One sentence: how many of the exhibit's boards work. */
  summary: string;
  lines: ReportLine[];
}

const quoted = (board: Pick<BoardState, 'id' | 'name'>): string => (board.name ? `"${board.name}" (board ${board.id})` : `board ${board.id}`);

function usbWords(port: WebSerialPortInfo | undefined): string {
  if (!port) return '';
  if (port.boards.length > 0) return `, looks like an Arduino ${port.boards.join(' or ')}`;
  return port.vendorId ? `, USB ${port.vendorId}:${port.productId ?? '????'}` : '';
}

/**
 * The report for the exhibit's `boards` on the granted `ports`, with what the search noted on them.
 * `looking`: the boards were chosen or plugged in a moment ago, so one not found yet is still being
 * looked for (opening a board resets it, and it speaks about 1.5 s later), not yet missing.
 */
export function realBoardsReport(boards: readonly BoardState[], ports: readonly WebSerialPortInfo[], notes: readonly PortNote[], looking = false): RealBoardsReport {
  const lines: ReportLine[] = [];
  const working = boards.filter((b) => b.online);
  for (const board of boards) {
    if (board.online) {
      lines.push({ tone: 'found', text: `${quoted(board)} is plugged in and working${board.path ? ` (on ${board.path})` : ''}.` });
    } else if (looking && ports.length > 0) {
      lines.push({ tone: 'starting', text: `Looking for ${quoted(board)}: a board takes about 2 seconds to start after it is opened.` });
    } else {
      lines.push({
        tone: 'missing',
        text: `${quoted(board)} is missing. Plug it in and choose it with "Connect boards", or give a spare board the id ${board.id} with "Flash a board".`,
      });
    }
  }
  const byPath = new Map(ports.map((p) => [p.path, p]));
  for (const note of notes) {
    const port = byPath.get(note.path);
    if (!port) continue; // unplugged since
    if (note.strangerId) {
      lines.push({
        tone: 'other',
        text: `A board with id ${note.strangerId} is plugged in (${note.path}${usbWords(port)}), but this exhibit has no board with that id. Flash it with the id of a missing board to use it.`,
      });
    } else {
      lines.push({
        tone: 'other',
        text: `The device on ${note.path}${usbWords(port) ? ` (${usbWords(port).slice(2)})` : ''} did not answer as a neuroboard board: it may not have our firmware yet ("Flash a board" puts it on). It said: ${note.message}`,
      });
    }
  }
  const summary =
    ports.length === 0
      ? 'No board is connected yet. Plug the boards in with USB cables, then press "Connect boards" and choose each one.'
      : working.length === boards.length
        ? boards.length === 1
          ? 'The board of this exhibit is plugged in and working.'
          : `All ${boards.length} boards of this exhibit are plugged in and working.`
        : `${working.length} of the ${boards.length} boards of this exhibit ${working.length === 1 ? 'is' : 'are'} working.`;
  return { summary, lines };
}
