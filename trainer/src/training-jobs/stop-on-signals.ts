import { constants } from 'node:os';

export interface SignalStop {
  /** Aborts on the first SIGTERM or SIGINT; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** The signal that asked to stop, if one did. */
  readonly received: NodeJS.Signals | undefined;
  /** 128 + the signal's number (130 for SIGINT, 143 for SIGTERM): the shell's and Kubernetes' "stopped by a signal". */
  readonly exitCode: number | undefined;
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Turns the first SIGTERM (Kubernetes, docker stop) or SIGINT (Ctrl-C) into an abort the runner
 * stops cleanly on. A second one exits at once: the operator insisted, and a job whose lease was
 * not released is claimable again when the lease expires.
 */
export function stopOnSignals(log: (line: string) => void): SignalStop {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (name: NodeJS.Signals) => {
    if (received) {
      log(`second ${name}: exiting now, without waiting for the clean stop`);
      process.exit(128 + constants.signals[name]);
    }
    received = name;
    log(`${name}: stopping cleanly (a job in training is given back to the queue; send it again to exit at once)`);
    controller.abort(name);
  };
  for (const name of SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received ? 128 + constants.signals[received] : undefined;
    },
    dispose: () => {
      for (const name of SIGNALS) process.off(name, handler);
    },
  };
}
