/**
 * One table of every error neuroboard reports, so the CLI, the HTTP API and the logs say the same
 * thing the same way (the shape follows fastify's lib/errors.js). `status` is the HTTP status the
 * server answers with; `exit` is the CLI exit code (sysexits.h where one fits) so scripts can rely on it.
 *
 * Each layer adds its codes here, in its own section, rather than inventing a private error class.
 */
export const ERROR_TABLE = {
  // --- usage and input (core) ---
  NB_ERR_INVALID_ARGUMENT: { status: 400, exit: 64 },
  NB_ERR_INVALID_NETWORK: { status: 400, exit: 65 },
  NB_ERR_INVALID_CORPUS: { status: 400, exit: 65 },
  NB_ERR_DIMENSION_MISMATCH: { status: 400, exit: 65 },
  NB_ERR_UNSUPPORTED_VERSION: { status: 400, exit: 65 },
  NB_ERR_NOT_SEPARABLE: { status: 422, exit: 1 },
  // --- protocol and boards ---
  NB_ERR_PROTOCOL: { status: 502, exit: 76 },
  NB_ERR_PROTOCOL_VERSION: { status: 502, exit: 76 },
  NB_ERR_BOARD_ERROR_REPLY: { status: 502, exit: 76 },
  NB_ERR_BOARD_TIMEOUT: { status: 504, exit: 75 },
  NB_ERR_BOARD_OFFLINE: { status: 503, exit: 69 },
  /** A board that is starting, resetting or offline cannot take a press now (nothing was pressed); `retryAfterS` says when to try again. */
  NB_ERR_BOARD_NOT_READY: { status: 503, exit: 75 },
  /** Too many commands waiting for one board (it is not keeping up); the command was not sent. */
  NB_ERR_BOARD_BUSY: { status: 503, exit: 75 },
  NB_ERR_PORT_OPEN: { status: 503, exit: 69 },
  NB_ERR_INVALID_HEX: { status: 400, exit: 65 },
  NB_ERR_INVALID_PROFILE: { status: 400, exit: 78 },
  // --- runtime, rig and files ---
  NB_ERR_INVALID_RIG: { status: 400, exit: 78 },
  NB_ERR_INVALID_SCENARIO: { status: 400, exit: 78 },
  NB_ERR_INVALID_STORY: { status: 400, exit: 78 },
  NB_ERR_TOOL_MISSING: { status: 503, exit: 69 },
  NB_ERR_FILE_CORRUPT: { status: 500, exit: 74 },
  NB_ERR_IO: { status: 500, exit: 74 },
  /** A change was made but its save failed (disk full, folder gone): 507 Insufficient Storage. */
  NB_ERR_SAVE_FAILED: { status: 507, exit: 74 },
  /** The data folder is held by another running neuroboard (its lock file names the pid). */
  NB_ERR_DATA_LOCKED: { status: 409, exit: 69 },
  /** A new example would take the corpus past its rig's corpusLimit, and no visitor's example can make room. */
  NB_ERR_CORPUS_FULL: { status: 409, exit: 1 },
  // --- server ---
  NB_ERR_NOT_FOUND: { status: 404, exit: 66 },
  NB_ERR_CONFLICT: { status: 409, exit: 1 },
  NB_ERR_UNAUTHORIZED: { status: 401, exit: 77 },
  /** A change sent by a web page of another origin (a form, a beacon, a no-cors fetch): never the staff's. */
  NB_ERR_CROSS_ORIGIN: { status: 403, exit: 77 },
  /** A staff token anyone could guess: too short, or one shown in our own docs (EX_CONFIG). */
  NB_ERR_WEAK_TOKEN: { status: 400, exit: 78 },
  NB_ERR_RATE_LIMITED: { status: 429, exit: 75 },
  NB_ERR_PAYLOAD_TOO_LARGE: { status: 413, exit: 65 },
  NB_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 65 },
  /** A request's headers or body arrived too slowly (src/server/timeouts.ts); the connection is closed. */
  NB_ERR_REQUEST_TIMEOUT: { status: 408, exit: 75 },
  /** The live event stream is full (in total or for one client address); the client may retry later. */
  NB_ERR_TOO_MANY_STREAMS: { status: 503, exit: 69 },
  /** The dashboard's address cannot be listened on (port in use, not allowed, not this machine's). */
  NB_ERR_LISTEN: { status: 500, exit: 69 },
  NB_ERR_INTERNAL: { status: 500, exit: 70 },
} as const satisfies Record<string, { status: number; exit: number }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/**
 * The one error class. `message` says what happened, where (file and field, port, board id) and
 * what to do; `field` names the offending path (e.g. `layers[1].weights[3]`) when there is one.
 */
export class NbError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** For a refusal that passes (a board still starting): seconds after which trying again may work (HTTP Retry-After). */
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown; retryAfterS?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NbError';
    this.code = code;
    this.field = options.field;
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  get exitCode(): number {
    return ERROR_TABLE[this.code].exit;
  }
}

/** True when `err` is an NbError with the given code (or any NbError when no code is given). */
export function isNbError(err: unknown, code?: ErrorCode): err is NbError {
  return err instanceof NbError && (code === undefined || err.code === code);
}

/**
 * What an edge (the HTTP API, the CLI) adds to an error: what to call or type next. The core and the
 * runtime say what is wrong; each edge keeps one small table of these, keyed by the code (and the
 * field, where one code covers several things).
 */
export interface ErrorAdvice {
  code: ErrorCode;
  /** Only for errors naming this field. */
  field?: string;
  advice: string;
}

/** `err`'s message with the edge's advice for it, if its table has one. */
export function messageWithAdvice(err: NbError, table: readonly ErrorAdvice[]): string {
  const found = table.find((a) => a.code === err.code && (a.field === undefined || a.field === err.field));
  return found ? `${err.message}; ${found.advice}` : err.message;
}
