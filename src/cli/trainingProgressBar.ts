/**
 * Shows training as it goes: a cli-progress bar on a terminal, or a plain line about once a second
 * when stdout is a file or a CI log (a bar there is thousands of carriage returns).
 */
import cliProgress from 'cli-progress';
import type { TrainingMethod, TrainingStatus } from '../runtime/trainingRunner.js';

export class TrainingProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly out: NodeJS.WriteStream;
  private readonly method: TrainingMethod;
  private readonly epochs: number | null;
  private readonly targetLoss: number;
  private firstLoss: number | null = null;
  private lastLineMs = 0;

  constructor(out: NodeJS.WriteStream, method: TrainingMethod, epochs: number | null, targetLoss: number, lineEveryMs = 1000) {
    this.out = out;
    this.method = method;
    this.epochs = epochs;
    this.targetLoss = targetLoss;
    this.lineEveryMs = lineEveryMs;
    this.bar = out.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: out,
            format: `${method} [{bar}] {percentage}% | step {step} | loss {loss}{extra}`,
            hideCursor: true,
            clearOnComplete: false,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.bar?.start(100, 0, { step: 0, loss: '…', extra: '' });
  }

  private readonly lineEveryMs: number;

  update(status: TrainingStatus): void {
    if (status.loss !== null && this.firstLoss === null) this.firstLoss = status.loss;
    const fields = this.fields(status);
    if (this.bar) {
      this.bar.update(this.percent(status), fields);
      return;
    }
    const now = Date.now();
    if (now - this.lastLineMs < this.lineEveryMs) return;
    this.lastLineMs = now;
    this.out.write(`${this.method}: step ${fields.step}, loss ${fields.loss}${fields.extra}\n`);
  }

  finish(status: TrainingStatus): void {
    if (this.bar) {
      this.bar.update(status.reason === 'target-reached' ? 100 : this.percent(status), this.fields(status));
      this.bar.stop();
    }
  }

  /** Stops the bar without a final update (training failed); the error is printed after it. */
  abandon(): void {
    this.bar?.stop();
  }

  /** Epochs done of those asked for; otherwise how far the loss has come towards the target, on a log scale. */
  private percent(status: TrainingStatus): number {
    if (this.epochs !== null) return Math.min(100, Math.floor((status.step / this.epochs) * 100));
    if (status.loss === null || this.firstLoss === null || this.firstLoss <= this.targetLoss) return 0;
    const done = Math.log(this.firstLoss / Math.max(status.loss, 1e-12)) / Math.log(this.firstLoss / this.targetLoss);
    return Math.max(0, Math.min(100, Math.floor(done * 100)));
  }

  private fields(status: TrainingStatus): { step: number; loss: string; extra: string } {
    const extra = status.tried !== undefined ? ` | tried ${status.tried}, kept ${status.kept ?? 0}` : '';
    return { step: status.step, loss: status.loss === null ? '…' : status.loss.toPrecision(4), extra };
  }
}
