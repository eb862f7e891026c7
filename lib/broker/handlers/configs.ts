import { KafkaProtocolError } from '../errors';
import type { ConfigEntry } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { ResponseInput } from '../protocol/codec';
import type { BrokerCore, Handler } from './context';
import { codeFor, messageFor } from './errors';

/** Kafka's ConfigResource types. */
const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;

/** Kafka's DescribeConfigs ConfigSource values. */
const SOURCE = { topic: 1, broker: 4, default: 5 } as const;
/** Kafka's ConfigType values (DescribeConfigs v3+). */
const TYPE: Record<string, number> = {
  boolean: 1,
  string: 2,
  int: 3,
  short: 4,
  long: 5,
  double: 6,
  list: 7,
  class: 8,
  password: 9,
};

type DescribedConfig = ResponseInput<typeof ApiKey.DescribeConfigs>['results'][number]['configs'][number];

function toWire(e: ConfigEntry, synonyms: boolean): DescribedConfig {
  const source = SOURCE[e.source];
  return {
    name: e.name,
    value: e.sensitive ? null : e.value,
    readOnly: e.readOnly,
    isDefault: e.source !== 'topic',
    configSource: source,
    isSensitive: e.sensitive,
    synonyms: synonyms ? [{ name: e.name, value: e.sensitive ? null : e.value, source }] : [],
    configType: TYPE[e.type] ?? 0,
    documentation: null,
  };
}

/** The broker's own static settings, as tools that describe a broker expect to see them. */
function brokerEntries(core: BrokerCore): ConfigEntry[] {
  const entry = (name: string, value: string, type: string): ConfigEntry => ({
    name,
    value,
    source: 'broker',
    type,
    readOnly: true,
    sensitive: false,
  });
  return [
    entry('broker.id', String(core.identity.nodeId), 'int'),
    entry('auto.create.topics.enable', String(core.settings.autoCreateTopics), 'boolean'),
    entry('num.partitions', String(core.settings.defaultPartitions), 'int'),
    entry('default.replication.factor', '1', 'short'),
    entry('min.insync.replicas', '1', 'int'),
    entry('offsets.topic.replication.factor', '1', 'short'),
    entry('unclean.leader.election.enable', 'false', 'boolean'),
  ];
}

/** DescribeConfigs 0–3 for topics (effective values with their source) and for this broker. */
export const describeConfigs: Handler<typeof ApiKey.DescribeConfigs> = (req, { core }) => ({
  throttleTimeMs: 0,
  results: req.resources.map((r) => {
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    try {
      let entries: ConfigEntry[];
      if (r.resourceType === RESOURCE_TOPIC) {
        if (!core.logs.topic(r.resourceName)) {
          throw new KafkaProtocolError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic ${r.resourceName}`);
        }
        entries = core.logs.describeConfigs(r.resourceName, r.configurationKeys ?? undefined);
      } else if (r.resourceType === RESOURCE_BROKER) {
        if (r.resourceName !== '' && r.resourceName !== String(core.identity.nodeId)) {
          throw new KafkaProtocolError('INVALID_REQUEST', `unknown broker ${r.resourceName}`);
        }
        const keys = r.configurationKeys;
        entries = brokerEntries(core).filter((e) => !keys || keys.includes(e.name));
      } else {
        throw new KafkaProtocolError('INVALID_REQUEST', `unsupported resource type ${r.resourceType}`);
      }
      return {
        ...base,
        errorCode: 0,
        errorMessage: null,
        configs: entries.map((e) => toWire(e, req.includeSynonyms)),
      };
    } catch (err) {
      return {
        ...base,
        errorCode: codeFor(err, core.log, { resource: r.resourceName }),
        errorMessage: messageFor(err),
        configs: [],
      };
    }
  }),
});

/** AlterConfigs 0–1: replaces a topic's overrides (keys not listed go back to their defaults). */
export const alterConfigs: Handler<typeof ApiKey.AlterConfigs> = async (req, { core }) => ({
  throttleTimeMs: 0,
  responses: await Promise.all(
    req.resources.map(async (r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      try {
        if (r.resourceType !== RESOURCE_TOPIC) {
          throw new KafkaProtocolError(
            'INVALID_REQUEST',
            'only topic configs can be altered; broker settings are static',
          );
        }
        if (!core.logs.topic(r.resourceName)) {
          throw new KafkaProtocolError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic ${r.resourceName}`);
        }
        const configs: Record<string, string | null> = {};
        for (const c of r.configs) configs[c.name] = c.value;
        await core.logs.alterConfigs(r.resourceName, configs, {
          replace: true,
          validateOnly: req.validateOnly,
        });
        return { ...base, errorCode: 0, errorMessage: null };
      } catch (err) {
        return {
          ...base,
          errorCode: codeFor(err, core.log, { resource: r.resourceName }),
          errorMessage: messageFor(err),
        };
      }
    }),
  ),
});
