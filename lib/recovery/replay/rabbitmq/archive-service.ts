// The archive consumer as a background service of the Spillway process: every scan it reads the queues this
// Spillway captures (store.replayCaptures, written by `replay capture`) and keeps one Archiver per archive
// queue, restarting any whose connection closed.
import type { Config, RabbitmqClusterConfig } from '../../../config';
import type { Logger } from '../../../logger';
import type { Store } from '../../../store';
import { Archiver } from './archiver';

export const ARCHIVE_SERVICE = { name: 'archive', scanMs: 10_000 } as const;

export class ArchiveService {
  readonly name = ARCHIVE_SERVICE.name;
  private readonly archivers = new Map<string, Archiver>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: { config: Config; store: Store; log: Logger; scanMs?: number }) {}

  private clusters(): RabbitmqClusterConfig[] {
    return this.o.config.clusters.filter((c): c is RabbitmqClusterConfig => c.kind === 'rabbitmq');
  }

  async start(): Promise<void> {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.scanning = this.scan().finally(() => {
        this.scanning = null;
        this.schedule(this.o.scanMs ?? ARCHIVE_SERVICE.scanMs);
      });
    }, ms);
    this.timer.unref();
  }

  /** One pass: start archivers for new captures, restart closed ones. Errors are logged, never thrown. */
  async scan(): Promise<void> {
    for (const cluster of this.clusters()) {
      const queues = this.o.store.replayCaptures.list(cluster.name);
      for (const { vhost, queue } of queues) {
        const key = JSON.stringify([cluster.name, vhost, queue]);
        const existing = this.archivers.get(key);
        if (existing && existing.closed === null) continue;
        if (existing) await existing.stop();
        const a = new Archiver({ cluster, vhost, queue, store: this.o.store, log: this.o.log });
        try {
          await a.start();
          if (this.stopped) {
            await a.stop();
            return;
          }
          this.archivers.set(key, a);
          this.o.log.info('archiving', { cluster: cluster.name, vhost, queue });
        } catch (error) {
          await a.stop();
          this.archivers.delete(key);
          this.o.log.warn('archive consumer not started', {
            cluster: cluster.name,
            vhost,
            queue,
            error: (error as Error).message,
          });
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
    await Promise.allSettled([...this.archivers.values()].map((a) => a.stop()));
    this.archivers.clear();
  }
}
