// Hands status transitions to the alert sinks without ever blocking or failing a round: delivery happens
// on a later turn of the event loop, and a sink that throws is logged and skipped.
import type { StatusTransition, TransitionSink } from '../../alerts/types';
import type { Logger } from '../../logger';

export class TransitionBus implements TransitionSink {
  private readonly sinks = new Set<TransitionSink>();
  /** The most recent transitions, newest last (for the API). */
  private readonly recent: StatusTransition[] = [];

  constructor(
    private readonly log?: Logger,
    private readonly keep = 200,
  ) {}

  add(sink: TransitionSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  latest(): readonly StatusTransition[] {
    return this.recent;
  }

  onTransitions(transitions: readonly StatusTransition[]): void {
    if (transitions.length === 0) return;
    this.recent.push(...transitions);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    const batch = [...transitions];
    for (const sink of this.sinks) {
      setImmediate(() => {
        try {
          sink.onTransitions(batch);
        } catch (error) {
          this.log?.warn('alert sink failed', { error: (error as Error)?.message ?? String(error) });
        }
      });
    }
  }
}
