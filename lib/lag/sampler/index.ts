// Public API of the sampler: polling, in-memory latest state, history, transitions (see lib/lag/README.md).

export { renderMetrics } from './metrics';
export { SAMPLER_DEFAULTS, type SamplerSettings, samplerSettings } from './options';
export {
  getGroup,
  getQueue,
  getTopic,
  groupHistory,
  type HistoryRequest,
  type LagFilter,
  lagReport,
  listGroups,
  listQueues,
  listTopics,
  queueHistory,
  type ReportFilter,
  reportViews,
} from './queries';
export { currentLagSampler, setLagSampler } from './registry';
export { type ClusterEntry, LagSampler, type LagSamplerOptions } from './sampler';
export { LagSamplerService, type LagSamplerServiceOptions } from './service';
export { defaultSourceFactory, type SourceFactory } from './sources';
export type {
  ClusterHealth,
  ClusterKind,
  ClusterState,
  GroupDetail,
  GroupView,
  LagReportJson,
  PartitionView,
  QueueView,
  TopicDetail,
  TopicPartitionView,
  TopicView,
} from './views';
