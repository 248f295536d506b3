/**
 * How learning shows on the boards while it runs: the LEDs are refreshed a few times a second so
 * people see the network getting better, and stop being refreshed once training ends.
 */
export class TrainingRefresh {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly running: () => boolean,
    private readonly refresh: () => void,
    private readonly everyMs = 250,
  ) {}

  /** Starts refreshing (once; a second call while it runs changes nothing). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running()) return this.cancel();
      this.refresh();
    }, this.everyMs);
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
