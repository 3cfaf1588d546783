/** A claimed job given back unfinished because the runner was told to stop (not a failure of the job). */
export class JobStopped extends Error {
  override readonly name = 'JobStopped';
  constructor(
    readonly jobId: string,
    /** What asked to stop, e.g. `SIGTERM`. */
    readonly reason: string,
    /** Whether the worker took the job back; if not, it is claimable again when its lease expires. */
    readonly released: boolean,
  ) {
    super(`job ${jobId} stopped on ${reason} before publishing; ${released ? 'given back to the queue' : 'claimable again when its lease expires'}`);
  }
}
