/**
 * A bounded record of the loss over a whole training run, for the "closer and closer" curve.
 *
 * A run can last for weeks on an exhibit, so we cannot keep every step. Instead we keep at most
 * `capacity` points and downsample as we go: we record every `stride`-th step, and when the buffer
 * fills we drop every other point and double the stride. The curve therefore always spans the
 * whole run, evenly spaced, in bounded memory.
 */

/** One recorded point of the curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** The downsampling loss recorder described above. */
export class LossHistory {
  readonly capacity: number;
  #stride = 1;
  #count = 0;
  readonly #steps: Float64Array;
  readonly #losses: Float64Array;
  #latest: LossPoint | undefined;

  /** `capacity` is rounded up to an even number of at least 2 so halving always works. */
  constructor(capacity = 512) {
    this.capacity = Math.max(2, Math.ceil(capacity / 2) * 2);
    this.#steps = new Float64Array(this.capacity);
    this.#losses = new Float64Array(this.capacity);
  }

  /** Records the loss at a step (steps must increase); keeps it if it falls on the stride. */
  record(step: number, loss: number): void {
    this.#latest = { step, loss };
    if (step % this.#stride !== 0) return;
    if (this.#count === this.capacity) {
      // Keep the points at even positions; they are exactly the multiples of the doubled stride
      // when the first recorded step was a multiple of it (step 0 is).
      for (let i = 0; i < this.capacity / 2; i++) {
        this.#steps[i] = this.#steps[2 * i]!;
        this.#losses[i] = this.#losses[2 * i]!;
      }
      this.#count = this.capacity / 2;
      this.#stride *= 2;
      if (step % this.#stride !== 0) return;
    }
    this.#steps[this.#count] = step;
    this.#losses[this.#count] = loss;
    this.#count++;
  }

  /** The recorded points, oldest first, plus the latest point when the stride skipped it. */
  points(): LossPoint[] {
    const out: LossPoint[] = [];
    for (let i = 0; i < this.#count; i++) out.push({ step: this.#steps[i]!, loss: this.#losses[i]! });
    const latest = this.#latest;
    if (latest !== undefined && (out.length === 0 || out[out.length - 1]!.step !== latest.step)) out.push(latest);
    return out;
  }

  /** Steps between recorded points right now. */
  get stride(): number {
    return this.#stride;
  }
}
