// The progress display of every command, driven by the library's onProgress({stage, done, total, message}).
// On a terminal (TTY): a cli-progress bar for a counted stage, one self-updating line for an uncounted one.
// Otherwise (a pipe, a log file, CI): plain lines `[  12.3 s] stage: done/total (p %) message`, at a stage
// change and then at most one a second. A heartbeat (a 250 ms timer) says "still working" when nothing
// was shown for 1.75 s, so stderr is never silent for more than 2 s. A timer fires only while the event
// loop is free: the scaffold runs each command's body on a worker thread (worker.ts), so this display,
// on the main thread, keeps beating while the library computes synchronously.
import { Presets, SingleBar } from 'cli-progress';
import type { ProgressEvent } from '@cartograph/stats';

const HEARTBEAT_MS = 1750; // + the 250 ms timer: never more than 2 s without a line
const PLAIN_EVERY_MS = 1000;

export interface ProgressOptions {
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** force the TTY or the plain display (default: stream.isTTY) */
  tty?: boolean;
}

export class ProgressDisplay {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly t0 = Date.now();
  private stage: string | null = null;
  private stageStart = 0;
  private last: ProgressEvent | null = null;
  private lastShown = 0;
  private bar: SingleBar | null = null;
  private lineOpen = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = opts.tty ?? !!this.stream.isTTY;
    this.quiet = !!opts.quiet;
    if (!this.quiet) {
      this.timer = setInterval(() => this.heartbeat(), 250);
      this.timer.unref();
    }
  }

  /** Seconds since the command started. */
  elapsed(): number {
    return (Date.now() - this.t0) / 1000;
  }

  /** The callback to hand to the library. */
  readonly onProgress = (p: ProgressEvent): void => {
    if (this.quiet) return;
    const now = Date.now();
    const changed = p.stage !== this.stage;
    if (changed) {
      this.endStage();
      this.stage = p.stage;
      this.stageStart = now;
    }
    this.last = p;
    if (this.tty) this.showTty(p, changed);
    else if (changed || now - this.lastShown >= PLAIN_EVERY_MS || (p.total !== undefined && p.done === p.total)) this.showPlain(p);
  };

  /** A whole line on stderr (a status note, a warning) without breaking the bar. */
  line(text: string): void {
    if (this.bar) {
      // cli-progress redraws after a newline; clear the bar's line first
      this.stream.write('\r\x1b[K');
      this.stream.write(`${text}\n`);
      this.bar.render();
    } else {
      if (this.lineOpen) this.stream.write('\r\x1b[K');
      this.stream.write(`${text}\n`);
      if (this.lineOpen && this.last) this.showTty(this.last, false);
    }
    this.lastShown = Date.now();
  }

  /** The library step is over (the command formats and writes now): no heartbeat until the next stage. */
  idle(): void {
    this.endStage();
    this.stage = null;
    this.last = null;
  }

  /** Close the display (end of the command). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.endStage();
  }

  private stamp(): string {
    return `[${this.elapsed().toFixed(1).padStart(6)} s]`;
  }

  private describe(p: ProgressEvent): string {
    const count = p.total !== undefined && p.total > 0 ? ` ${p.done ?? 0}/${p.total} (${Math.floor((100 * (p.done ?? 0)) / p.total)} %)` : p.done !== undefined ? ` ${p.done}` : '';
    return `${p.stage}${count ? `:${count}` : ''}${p.message ? `${count ? ',' : ':'} ${p.message}` : ''}`;
  }

  private showPlain(p: ProgressEvent): void {
    this.stream.write(`${this.stamp()} ${this.describe(p)}\n`);
    this.lastShown = Date.now();
  }

  private showTty(p: ProgressEvent, changed: boolean): void {
    if (p.total !== undefined && p.total > 0) {
      if (this.lineOpen) {
        this.stream.write('\r\x1b[K');
        this.lineOpen = false;
      }
      if (!this.bar || changed) {
        this.bar?.stop();
        this.bar = new SingleBar(
          { format: '{stage} |{bar}| {value}/{total} {percentage}% · {duration_formatted} · eta {eta_formatted} {message}', stream: this.stream, hideCursor: false, clearOnComplete: false, etaBuffer: 50, barsize: 30 },
          Presets.shades_classic,
        );
        this.bar.start(p.total, p.done ?? 0, { stage: p.stage, message: p.message ?? '' });
      } else {
        if (this.bar.getTotal() !== p.total) this.bar.setTotal(p.total);
        this.bar.update(p.done ?? 0, { stage: p.stage, message: p.message ?? '' });
      }
    } else {
      if (this.bar) {
        this.bar.stop();
        this.bar = null;
      }
      const width = Math.max(20, (this.stream.columns || 100) - 1);
      const text = `${this.stamp()} ${this.describe(p)}`;
      this.stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      this.lineOpen = true;
    }
    this.lastShown = Date.now();
  }

  private endStage(): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
    }
    if (this.lineOpen) {
      this.stream.write('\n');
      this.lineOpen = false;
    }
  }

  private heartbeat(): void {
    if (!this.stage || !this.last) return;
    const now = Date.now();
    if (now - this.lastShown < HEARTBEAT_MS) return;
    const inStage = ((now - this.stageStart) / 1000).toFixed(0);
    if (this.tty && this.bar) {
      this.bar.render();
      this.lastShown = now;
    } else if (this.tty) this.showTty({ ...this.last, message: `${this.last.message ? `${this.last.message}; ` : ''}still working (${inStage} s)` }, false);
    else {
      this.stream.write(`${this.stamp()} ${this.last.stage}: still working (${inStage} s in this step)\n`);
      this.lastShown = now;
    }
  }
}
