import { ApiKey } from '../protocol/api-keys';
import { apiVersions } from './api-versions';
import { alterConfigs, describeConfigs } from './configs';
import type { Handler } from './context';
import { fetch } from './fetch';
import {
  deleteGroups,
  describeGroups,
  findCoordinator,
  heartbeat,
  joinGroup,
  leaveGroup,
  listGroups,
  offsetCommit,
  offsetFetch,
  syncGroup,
} from './groups';
import { offsetForLeaderEpoch } from './leader-epoch';
import { listOffsets } from './list-offsets';
import { metadata } from './metadata';
import { produce } from './produce';
import { initProducerId } from './producer-id';
import { saslAuthenticate, saslHandshake } from './sasl';
import { createPartitions, createTopics, deleteRecords, deleteTopics } from './topics';

export type HandlerTable = { readonly [K in ApiKey]: Handler<K> };

/** One handler per served api key: adding an api to SUPPORTED without a handler is a type error. */
export const HANDLERS: HandlerTable = {
  [ApiKey.Produce]: produce,
  [ApiKey.Fetch]: fetch,
  [ApiKey.ListOffsets]: listOffsets,
  [ApiKey.Metadata]: metadata,
  [ApiKey.OffsetCommit]: offsetCommit,
  [ApiKey.OffsetFetch]: offsetFetch,
  [ApiKey.FindCoordinator]: findCoordinator,
  [ApiKey.JoinGroup]: joinGroup,
  [ApiKey.Heartbeat]: heartbeat,
  [ApiKey.LeaveGroup]: leaveGroup,
  [ApiKey.SyncGroup]: syncGroup,
  [ApiKey.DescribeGroups]: describeGroups,
  [ApiKey.ListGroups]: listGroups,
  [ApiKey.SaslHandshake]: saslHandshake,
  [ApiKey.ApiVersions]: apiVersions,
  [ApiKey.CreateTopics]: createTopics,
  [ApiKey.DeleteTopics]: deleteTopics,
  [ApiKey.DeleteRecords]: deleteRecords,
  [ApiKey.InitProducerId]: initProducerId,
  [ApiKey.OffsetForLeaderEpoch]: offsetForLeaderEpoch,
  [ApiKey.DescribeConfigs]: describeConfigs,
  [ApiKey.AlterConfigs]: alterConfigs,
  [ApiKey.SaslAuthenticate]: saslAuthenticate,
  [ApiKey.CreatePartitions]: createPartitions,
  [ApiKey.DeleteGroups]: deleteGroups,
};
