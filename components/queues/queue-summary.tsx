import type { QueueView } from '@/lib/api/lag-types';
import type { UiQueueResponse } from '@/lib/api/ui-types';
import { etaTone, formatCount, formatEta, formatLagSeconds, formatPercent, formatRate } from '../lag/format';
import { Stat, Stats } from '../ui/stat';

/** Depth, consumers and utilisation, head-message age, publish/deliver/ack rates, time to drain. */
export function QueueSummary({ queue, info }: { queue: QueueView; info: UiQueueResponse | undefined }) {
  const age = info?.headMessageAgeSeconds ?? queue.lagSeconds;
  return (
    <section className="card" aria-label="Summary">
      <Stats testId="queue-summary">
        <Stat
          label="Messages"
          value={formatCount(queue.messages)}
          raw={queue.messages}
          testId="queue-messages"
        />
        <Stat label="Ready" value={formatCount(queue.ready)} raw={queue.ready} testId="queue-ready" />
        <Stat label="Unacked" value={formatCount(queue.unacked)} raw={queue.unacked} testId="queue-unacked" />
        <Stat
          label="Consumers"
          value={formatCount(queue.consumers)}
          raw={queue.consumers}
          hint={info ? `utilisation ${formatPercent(info.queue.consumerUtilisation)}` : undefined}
          tone={queue.consumers === 0 && queue.messages > 0 ? 'err' : undefined}
          testId="queue-consumers"
        />
        <Stat label="Head-message age" value={formatLagSeconds(age)} raw={age} testId="queue-head-age" />
        <Stat label="Publish" value={formatRate(queue.publishRate)} />
        <Stat label="Deliver" value={formatRate(info?.queue.deliverGetRate ?? null)} />
        <Stat label="Ack" value={formatRate(info?.queue.ackRate ?? queue.ackRate)} />
        <Stat
          label="Time to drain"
          value={formatEta(queue.etaSeconds, queue.etaState)}
          tone={etaTone(queue.etaState)}
          raw={queue.etaState}
          testId="queue-eta"
        />
      </Stats>
    </section>
  );
}
