/**
 * Records one output pin's edges with their cycle stamps, so its PWM duty (time high over a sliding
 * window) can be read at any moment. Constant memory: a ring of the last edges, each with the running
 * total of high cycles up to it; a window reaching past the oldest edge kept is clipped to it.
 */
const CAPACITY = 2048; // ≥ 1 s of edges at Arduino's 490/980 Hz PWM

export class PinRecorder {
  private readonly at = new Float64Array(CAPACITY);
  /** Total high cycles from the first edge up to `at[i]`. */
  private readonly highBefore = new Float64Array(CAPACITY);
  private readonly levelAfter = new Uint8Array(CAPACITY);
  private count = 0;
  private head = 0; // index of the newest entry
  private high = false;

  get level(): boolean {
    return this.high;
  }

  /** The pin is now `high` at `cycle` (called for every port write; repeats are ignored). */
  set(cycle: number, high: boolean): void {
    if (this.count > 0 && high === this.high) return;
    let acc = 0;
    if (this.count > 0) {
      const h = this.head;
      acc = this.highBefore[h]! + (this.levelAfter[h] ? cycle - this.at[h]! : 0);
      this.head = (h + 1) % CAPACITY;
    }
    const i = this.head;
    this.at[i] = cycle;
    this.highBefore[i] = acc;
    this.levelAfter[i] = high ? 1 : 0;
    if (this.count < CAPACITY) this.count++;
    this.high = high;
  }

  /** Total high cycles up to `cycle` (≥ the oldest kept edge). */
  private highUntil(cycle: number): number {
    // Walk back from the newest edge; windows are short, so this is a handful of steps.
    let i = this.head;
    for (let n = 0; n < this.count; n++) {
      if (this.at[i]! <= cycle) return this.highBefore[i]! + (this.levelAfter[i] ? cycle - this.at[i]! : 0);
      i = (i - 1 + CAPACITY) % CAPACITY;
    }
    return this.highBefore[(this.head - this.count + 1 + CAPACITY) % CAPACITY]!;
  }

  /** Fraction of the `window` cycles before `now` that the pin was high (0..1). */
  duty(now: number, window: number): number {
    if (this.count === 0 || window <= 0) return this.high ? 1 : 0;
    const oldest = this.at[(this.head - this.count + 1 + CAPACITY) % CAPACITY]!;
    const from = Math.max(now - window, oldest);
    if (now <= from) return this.high ? 1 : 0;
    return (this.highUntil(now) - this.highUntil(from)) / (now - from);
  }
}
