import { errorCode } from '../errors';
import type { AppendResult } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { ResponseInput } from '../protocol/codec';
import type { Handler } from './context';
import { codeFor, messageFor } from './errors';

type PartitionResponse = ResponseInput<
  typeof ApiKey.Produce
>['responses'][number]['partitionResponses'][number];

function failed(index: number, code: number, message: string | null = null): PartitionResponse {
  return {
    index,
    errorCode: code,
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
    recordErrors: [],
    errorMessage: message,
  };
}

/**
 * Produce 3–8. Every partition's append is started synchronously, in request order, so pipelined requests
 * for one partition keep their order while their durability waits overlap (group commit). acks=1 and -1 are
 * answered after the append is durable under the fsync policy (a single node: both mean "on this broker");
 * acks=0 gets no response at all.
 */
export const produce: Handler<typeof ApiKey.Produce> = (req, { core }) => {
  const { acks } = req;
  if (acks !== 0 && acks !== 1 && acks !== -1) {
    const code = errorCode('INVALID_REQUIRED_ACKS');
    return {
      responses: req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => failed(p.index, code)),
      })),
      throttleTimeMs: 0,
    };
  }
  const transactional = req.transactionalId !== null;
  const pending = req.topicData.map((t) => ({
    name: t.name,
    parts: t.partitionData.map((p): { index: number; result: Promise<AppendResult> | PartitionResponse } => {
      if (transactional)
        return {
          index: p.index,
          result: failed(p.index, errorCode('INVALID_REQUEST'), 'transactions are not supported'),
        };
      if (p.records === null || p.records.length === 0) {
        return { index: p.index, result: failed(p.index, errorCode('CORRUPT_MESSAGE'), 'empty record set') };
      }
      try {
        return { index: p.index, result: core.logs.partition(t.name, p.index).append(p.records) };
      } catch (err) {
        return {
          index: p.index,
          result: failed(
            p.index,
            codeFor(err, core.log, { topic: t.name, partition: p.index }),
            messageFor(err),
          ),
        };
      }
    }),
  }));

  const settle = async (
    name: string,
    index: number,
    r: Promise<AppendResult> | PartitionResponse,
  ): Promise<PartitionResponse> => {
    if (!(r instanceof Promise)) return r;
    try {
      const a = await r;
      return {
        index,
        errorCode: 0,
        baseOffset: a.baseOffset,
        logAppendTimeMs: a.logAppendTime,
        logStartOffset: a.logStartOffset,
        recordErrors: [],
        errorMessage: null,
      };
    } catch (err) {
      return failed(index, codeFor(err, core.log, { topic: name, partition: index }), messageFor(err));
    }
  };

  const all = Promise.all(
    pending.map(async (t) => ({
      name: t.name,
      partitionResponses: await Promise.all(t.parts.map((p) => settle(t.name, p.index, p.result))),
    })),
  );
  if (acks === 0) {
    // Nothing is sent back; failures are logged by settle().
    all.catch(() => undefined);
    return null;
  }
  return all.then((responses) => ({ responses, throttleTimeMs: 0 }));
};
