import type { GroupView } from '@/lib/api/lag-types';
import { Stat, Stats } from '../ui/stat';
import { etaTone, formatCount, formatEta, formatLagSeconds, formatPercent, formatRate } from './format';

/** The group's headline figures: backlog, how old, how long to drain, rates, members. */
export function GroupSummary({ group }: { group: GroupView }) {
  return (
    <section className="card" aria-label="Summary">
      <Stats testId="group-summary">
        <Stat
          label="Lag"
          value={formatCount(group.lag)}
          raw={group.lag}
          testId="group-lag"
          hint="messages behind"
        />
        <Stat
          label="Lag (time)"
          value={formatLagSeconds(group.lagSeconds)}
          raw={group.lagSeconds}
          testId="group-lag-seconds"
        />
        <Stat
          label="Time to drain"
          value={formatEta(group.etaSeconds, group.etaState)}
          tone={etaTone(group.etaState)}
          raw={group.etaState}
          testId="group-eta"
        />
        <Stat label="In" value={formatRate(group.inRate)} hint="produced to its partitions" />
        <Stat label="Out" value={formatRate(group.outRate)} hint="committed by the group" />
        <Stat
          label="Members"
          value={formatCount(group.members)}
          raw={group.members}
          hint={group.state ?? 'state unknown'}
          testId="group-members"
        />
        <Stat
          label="Partitions"
          value={formatCount(group.partitions)}
          hint={
            group.partitionsWithoutCommit > 0
              ? `${group.partitionsWithoutCommit} without a commit`
              : `status window ${formatPercent(group.complete)} full`
          }
        />
      </Stats>
      {group.maxLag ? (
        <p className="small muted">
          Largest lag: {group.maxLag.topic} [{group.maxLag.partition}] with {formatCount(group.maxLag.lag)}{' '}
          messages.
        </p>
      ) : null}
    </section>
  );
}
