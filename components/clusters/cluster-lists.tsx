'use client';

import { useQuery } from '@tanstack/react-query';
import { queries } from '@/lib/client/queries';
import { formatCount } from '../lag/format';
import { GroupsTable } from '../lag/groups-table';
import { QueuesTable } from '../queues/queues-table';
import { TopicsTable } from '../topics/topics-table';
import { QueryGate } from '../ui/query-gate';

function KafkaLists({ cluster }: { cluster: string }) {
  const groups = useQuery(queries.groups(cluster));
  const topics = useQuery(queries.topics(cluster));
  return (
    <>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">
          Consumer groups{groups.data ? ` (${formatCount(groups.data.total)})` : ''}
        </h2>
        <QueryGate query={groups} what="consumer groups" testId="groups">
          {(d) => <GroupsTable cluster={cluster} groups={d.groups} />}
        </QueryGate>
      </section>
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">Topics{topics.data ? ` (${formatCount(topics.data.topics.length)})` : ''}</h2>
        <QueryGate query={topics} what="topics" testId="topics">
          {(d) => <TopicsTable cluster={cluster} topics={d.topics} />}
        </QueryGate>
      </section>
    </>
  );
}

function RabbitmqLists({ cluster }: { cluster: string }) {
  const queues = useQuery(queries.queues(cluster));
  return (
    <section aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues{queues.data ? ` (${formatCount(queues.data.total)})` : ''}</h2>
      <QueryGate query={queues} what="queues" testId="queues">
        {(d) => <QueuesTable cluster={cluster} queues={d.queues} />}
      </QueryGate>
    </section>
  );
}

/** Groups and topics of a Kafka-kind cluster, or queues of a RabbitMQ one. */
export function ClusterLists({ cluster, rabbit }: { cluster: string; rabbit: boolean }) {
  return rabbit ? <RabbitmqLists cluster={cluster} /> : <KafkaLists cluster={cluster} />;
}
