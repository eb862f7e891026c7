// Public API of lib/lag: pure lag maths (offset lag, time lag, rates, time to drain, Burrow-style status).
export {
  type AssessOptions,
  assessGroup,
  assessPartition,
  DEFAULT_ASSESS_OPTIONS,
  type GroupAssessment,
  type PartitionAssessment,
  type PartitionObservation,
} from './assess';
export { drainEta, type Eta, type EtaInput, type EtaState, slowestEta } from './eta';
export { appendSample, DEFAULT_HISTORY_LIMITS, type HistoryLimits, sinceLastReset } from './history';
export {
  type GroupLag,
  groupLag,
  type LagTotals,
  lagTotals,
  maxLagPartition,
  type NoCommitPolicy,
  type PartitionLag,
  partitionLag,
  type TopicLag,
  topicLags,
} from './offsets';
export {
  assessQueue,
  evaluateQueueStatus,
  isStream,
  normaliseQueue,
  type OutRateSource,
  outRateSource,
  type QueueAssessment,
  type QueueBacklog,
  type QueueSample,
  type QueueSnapshot,
  type QueueStatus,
  type QueueStatusRule,
  queueEta,
  queueSample,
} from './rabbitmq';
export {
  DEFAULT_RATE_WINDOW_MS,
  type Rate,
  type RateUnknownReason,
  type RateWindow,
  sumRates,
  windowedRate,
} from './rates';
export {
  type GroupLagJson,
  type GroupMeta,
  type PartitionLagJson,
  type QueueLagJson,
  round3,
  toGroupLagJson,
  toPartitionLagJson,
  toQueueLagJson,
} from './report';
export { currentLagWithinAllowance } from './rules/current-lag';
export { lagEverWithinAllowance } from './rules/lag-ever-within-allowance';
export { lagNotDecreasing } from './rules/lag-not-decreasing';
export {
  queueBacklogNotDecreasing,
  queueBacklogWithinAllowance,
  queueEverWithinAllowance,
  queueHasNoConsumers,
  queueStalled,
} from './rules/queue';
export { rewindIndexes, rewindRecovered, unrecoveredRewind } from './rules/rewind';
export { offsetsStalled } from './rules/stalled';
export { commitsStopped, recentlyCaughtUp } from './rules/stopped';
export { burrowGroupStatus, compareStatus, worstStatus } from './severity';
export {
  evaluateGroupStatus,
  evaluatePartitionStatus,
  type GroupStatus,
  type PartitionStatus,
  type PartitionStatusInput,
  type StatusRule,
} from './status';
export {
  exactTimeLag,
  interpolatedTimeLag,
  type TimeLag,
  type TimeLagInput,
  type TimeLagMethod,
  type TimeLagUnknownReason,
  timeLag,
} from './time-lag';
export {
  BURROW_STATUS_CONFIG,
  type CommitSample,
  type CounterSample,
  DEFAULT_STATUS_CONFIG,
  type PartitionOffsets,
  STATUS_SEVERITY,
  STATUSES,
  type Status,
  type StatusConfig,
} from './types';
export { commitLag, recordCommit, windowCompleteness } from './window';
