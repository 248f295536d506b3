/**
 * Failed staff-token attempts, counted per client address, so the token cannot be guessed: without
 * a limit a script on the museum's Wi-Fi tried 793 tokens a second. After `max` wrong or missing
 * tokens within a window that began at the first of them, the address is refused (429) until that
 * window ends, before its next token is even compared. A correct token never counts, and neither
 * does anything else a client does.
 *
 * Memory stays bounded whatever the addresses: windows that have ended are dropped, and past
 * `maxAddresses` the oldest address is forgotten (it can only guess again sooner, never more often
 * than `max` per window while it is remembered).
 */

export interface TokenAttemptsOptions {
  /** Failed attempts allowed per address per window (default 10). */
  max?: number;
  /** The window, from an address's first failure (default 60 s). */
  windowMs?: number;
  /** Addresses remembered at most (default 10,000). */
  maxAddresses?: number;
  /** A monotonic clock in ms (tests pass their own); default performance.now. */
  now?: () => number;
}

interface Window {
  startedAt: number;
  failures: number;
}

export class TokenAttempts {
  readonly max: number;
  readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(options: TokenAttemptsOptions = {}) {
    this.max = options.max ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** How long `address` must wait before its token is looked at again; 0 when it may try now. */
  retryAfterMs(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.max) return 0;
    return Math.max(1, Math.ceil(window.startedAt + this.windowMs - this.now()));
  }

  /** Counts one wrong or missing token from `address`. */
  failed(address: string): void {
    const window = this.current(address);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= this.maxAddresses) this.forgetEnded();
    if (this.windows.size >= this.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(address, { startedAt: this.now(), failures: 1 });
  }

  /** Addresses remembered now (for tests and the bound above). */
  get size(): number {
    return this.windows.size;
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetEnded(): void {
    const now = this.now();
    for (const [address, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(address);
  }
}
