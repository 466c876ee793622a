/** How the runner waits for the next frame; `requestAnimationFrame` in the page, a fake in tests. */
export type FrameScheduler = (callback: () => void) => void;

export interface RunResult<O> {
  version: number;
  output?: O;
  error?: unknown;
}

/**
 * Runs an async job on the latest input only, at most once per frame. Inputs submitted while a job
 * runs replace each other; when the job finishes, only the newest waiting input runs next. Each input
 * gets a version number, so a caller can tell whether a result is still current.
 */
export class LatestRunner<I, O> {
  private pending: { input: I; version: number } | null = null;
  private running = false;
  private frameRequested = false;
  private version = 0;
  private disposed = false;

  constructor(
    private readonly job: (input: I) => Promise<O>,
    private readonly onResult: (result: RunResult<O>) => void,
    private readonly schedule: FrameScheduler,
  ) {}

  /** Queues `input` (dropping any input still waiting) and returns its version. */
  submit(input: I): number {
    this.version += 1;
    this.pending = { input, version: this.version };
    this.kick();
    return this.version;
  }

  /** The version of the newest input submitted; results with a lower version are stale. */
  get latest(): number {
    return this.version;
  }

  /** Forgets any waiting input and makes every result in flight stale. */
  invalidate(): number {
    this.version += 1;
    this.pending = null;
    return this.version;
  }

  dispose(): void {
    this.disposed = true;
    this.pending = null;
  }

  private kick(): void {
    if (this.running || this.frameRequested || this.disposed || !this.pending) return;
    this.frameRequested = true;
    this.schedule(() => {
      this.frameRequested = false;
      void this.runPending();
    });
  }

  private async runPending(): Promise<void> {
    if (this.running || this.disposed || !this.pending) return;
    const { input, version } = this.pending;
    this.pending = null;
    this.running = true;
    let result: RunResult<O>;
    try {
      result = { version, output: await this.job(input) };
    } catch (error) {
      result = { version, error };
    }
    this.running = false;
    if (!this.disposed) this.onResult(result);
    this.kick();
  }
}
