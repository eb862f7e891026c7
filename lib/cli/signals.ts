import type { Logger } from '../logger';

/**
 * Resolves on the first SIGINT/SIGTERM. A further signal more than a second later exits at once (130);
 * one within the second is taken as the same request (a process group or a supervisor often delivers
 * the signal twice).
 */
export function waitForSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let firstAt = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      if (firstAt === 0) {
        firstAt = Date.now();
        resolve(sig);
        return;
      }
      if (Date.now() - firstAt < 1000) return;
      log.warn('second signal: exiting without a clean shutdown', { signal: sig });
      process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
