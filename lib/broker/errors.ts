/**
 * Kafka protocol error codes, as one table (code, name, retriable), plus a short class hierarchy that
 * carries context. Codes and names follow the public Kafka protocol reference ("Error Codes").
 */

const TABLE = [
  [-1, 'UNKNOWN_SERVER_ERROR', false],
  [0, 'NONE', false],
  [1, 'OFFSET_OUT_OF_RANGE', false],
  [2, 'CORRUPT_MESSAGE', true],
  [3, 'UNKNOWN_TOPIC_OR_PARTITION', true],
  [4, 'INVALID_FETCH_SIZE', false],
  [5, 'LEADER_NOT_AVAILABLE', true],
  [6, 'NOT_LEADER_OR_FOLLOWER', true],
  [7, 'REQUEST_TIMED_OUT', true],
  [8, 'BROKER_NOT_AVAILABLE', false],
  [9, 'REPLICA_NOT_AVAILABLE', true],
  [10, 'MESSAGE_TOO_LARGE', false],
  [11, 'STALE_CONTROLLER_EPOCH', false],
  [12, 'OFFSET_METADATA_TOO_LARGE', false],
  [13, 'NETWORK_EXCEPTION', true],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS', true],
  [15, 'COORDINATOR_NOT_AVAILABLE', true],
  [16, 'NOT_COORDINATOR', true],
  [17, 'INVALID_TOPIC_EXCEPTION', false],
  [18, 'RECORD_LIST_TOO_LARGE', false],
  [19, 'NOT_ENOUGH_REPLICAS', true],
  [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', true],
  [21, 'INVALID_REQUIRED_ACKS', false],
  [22, 'ILLEGAL_GENERATION', false],
  [23, 'INCONSISTENT_GROUP_PROTOCOL', false],
  [24, 'INVALID_GROUP_ID', false],
  [25, 'UNKNOWN_MEMBER_ID', false],
  [26, 'INVALID_SESSION_TIMEOUT', false],
  [27, 'REBALANCE_IN_PROGRESS', false],
  [28, 'INVALID_COMMIT_OFFSET_SIZE', false],
  [29, 'TOPIC_AUTHORIZATION_FAILED', false],
  [30, 'GROUP_AUTHORIZATION_FAILED', false],
  [31, 'CLUSTER_AUTHORIZATION_FAILED', false],
  [32, 'INVALID_TIMESTAMP', false],
  [33, 'UNSUPPORTED_SASL_MECHANISM', false],
  [34, 'ILLEGAL_SASL_STATE', false],
  [35, 'UNSUPPORTED_VERSION', false],
  [36, 'TOPIC_ALREADY_EXISTS', false],
  [37, 'INVALID_PARTITIONS', false],
  [38, 'INVALID_REPLICATION_FACTOR', false],
  [39, 'INVALID_REPLICA_ASSIGNMENT', false],
  [40, 'INVALID_CONFIG', false],
  [41, 'NOT_CONTROLLER', true],
  [42, 'INVALID_REQUEST', false],
  [43, 'UNSUPPORTED_FOR_MESSAGE_FORMAT', false],
  [44, 'POLICY_VIOLATION', false],
  [45, 'OUT_OF_ORDER_SEQUENCE_NUMBER', false],
  [46, 'DUPLICATE_SEQUENCE_NUMBER', false],
  [47, 'INVALID_PRODUCER_EPOCH', false],
  [48, 'INVALID_TXN_STATE', false],
  [49, 'INVALID_PRODUCER_ID_MAPPING', false],
  [50, 'INVALID_TRANSACTION_TIMEOUT', false],
  [51, 'CONCURRENT_TRANSACTIONS', true],
  [52, 'TRANSACTION_COORDINATOR_FENCED', false],
  [53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', false],
  [54, 'SECURITY_DISABLED', false],
  [55, 'OPERATION_NOT_ATTEMPTED', false],
  [56, 'KAFKA_STORAGE_ERROR', true],
  [57, 'LOG_DIR_NOT_FOUND', false],
  [58, 'SASL_AUTHENTICATION_FAILED', false],
  [59, 'UNKNOWN_PRODUCER_ID', false],
  [60, 'REASSIGNMENT_IN_PROGRESS', false],
  [67, 'INVALID_PRINCIPAL_TYPE', false],
  [68, 'NON_EMPTY_GROUP', false],
  [69, 'GROUP_ID_NOT_FOUND', false],
  [70, 'FETCH_SESSION_ID_NOT_FOUND', true],
  [71, 'INVALID_FETCH_SESSION_EPOCH', true],
  [72, 'LISTENER_NOT_FOUND', true],
  [73, 'TOPIC_DELETION_DISABLED', false],
  [74, 'FENCED_LEADER_EPOCH', true],
  [75, 'UNKNOWN_LEADER_EPOCH', true],
  [76, 'UNSUPPORTED_COMPRESSION_TYPE', false],
  [77, 'STALE_BROKER_EPOCH', false],
  [78, 'OFFSET_NOT_AVAILABLE', true],
  [79, 'MEMBER_ID_REQUIRED', false],
  [80, 'PREFERRED_LEADER_NOT_AVAILABLE', true],
  [81, 'GROUP_MAX_SIZE_REACHED', false],
  [82, 'FENCED_INSTANCE_ID', false],
  [87, 'INVALID_RECORD', false],
  [88, 'UNSTABLE_OFFSET_COMMIT', true],
  [89, 'THROTTLING_QUOTA_EXCEEDED', true],
  [90, 'PRODUCER_FENCED', false],
  [91, 'RESOURCE_NOT_FOUND', false],
  [92, 'DUPLICATE_RESOURCE', false],
  [100, 'UNKNOWN_TOPIC_ID', true],
] as const;

export type ErrorName = (typeof TABLE)[number][1];

export interface ErrorInfo {
  readonly code: number;
  readonly name: ErrorName;
  readonly retriable: boolean;
}

const byName = new Map<ErrorName, ErrorInfo>();
const byCode = new Map<number, ErrorInfo>();
for (const [code, name, retriable] of TABLE) {
  const info: ErrorInfo = { code, name, retriable };
  byName.set(name, info);
  byCode.set(code, info);
}

/** The numeric code for an error name: `errorCode('UNKNOWN_TOPIC_OR_PARTITION') === 3`. */
export function errorCode(name: ErrorName): number {
  return (byName.get(name) as ErrorInfo).code;
}

/** Looks up an error by code; unknown codes map to UNKNOWN_SERVER_ERROR's shape with their own code. */
export function errorInfo(code: number): ErrorInfo {
  return byCode.get(code) ?? { code, name: 'UNKNOWN_SERVER_ERROR', retriable: false };
}

export interface ErrorContext {
  topic?: string;
  partition?: number;
  groupId?: string;
  memberId?: string;
  [key: string]: string | number | bigint | undefined;
}

/** An error that maps onto a Kafka protocol error code and is answered to the client as such. */
export class KafkaProtocolError extends Error {
  readonly code: number;
  readonly errorName: ErrorName;
  readonly retriable: boolean;
  readonly context: ErrorContext;

  constructor(name: ErrorName, message?: string, context: ErrorContext = {}) {
    super(message ?? name);
    const info = byName.get(name) as ErrorInfo;
    this.name = 'KafkaProtocolError';
    this.code = info.code;
    this.errorName = name;
    this.retriable = info.retriable;
    this.context = context;
  }
}

/** The bytes on the wire could not be decoded (truncated, negative lengths, overflow...). */
export class DecodeError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DecodeError';
    this.offset = offset;
  }
}

/** A record batch failed validation (bad magic, CRC mismatch, inconsistent lengths). Nothing is written. */
export class InvalidRecordBatchError extends KafkaProtocolError {
  constructor(
    name: 'CORRUPT_MESSAGE' | 'INVALID_RECORD' | 'UNSUPPORTED_FOR_MESSAGE_FORMAT',
    message: string,
    context: ErrorContext = {},
  ) {
    super(name, message, context);
    this.name = 'InvalidRecordBatchError';
  }
}

/** Maps any thrown value to the error code to answer with. */
export function toErrorCode(err: unknown): number {
  if (err instanceof KafkaProtocolError) return err.code;
  return errorCode('UNKNOWN_SERVER_ERROR');
}
