/** A one-line progress bar with ETA for long training runs; plain periodic lines when not on a TTY. */
export class Progress {
  private readonly start = Date.now();
  private lastPrint = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number, extra: string): void {
    const now = Date.now();
    const final = done >= this.total;
    if (!final && now - this.lastPrint < (this.tty ? 200 : 15_000)) return;
    this.lastPrint = now;
    const frac = done / this.total;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.start) / 1000;
    const eta = frac > 0 ? elapsed / frac - elapsed : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${this.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}  ${extra}`;
    if (this.tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}

/** "3m05s" or "42s"; rounds to whole seconds first, so 59.6 s is "1m00s", never "0m60s". */
export function formatSeconds(s: number): string {
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  const sec = whole % 60;
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
