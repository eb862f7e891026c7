// The lag history repositories, grouped as one member of the Store (`store.lag`).
import type { Db } from './database';
import { LagChartRepository } from './lag-charts';
import { LagHistoryRepository } from './lag-history';
import { LagRetentionRepository } from './lag-retention';
import { LagSeriesRepository } from './lag-series';

export type { GroupPoint, HistoryRange, QueuePoint } from './lag-charts';
export type { CommitRow, GroupRow, LagRoundRows, OffsetRow, QueueRow } from './lag-history';
export { LAG_TABLES, type LagTable, RAW_TABLES, ROLLUP_TABLES } from './lag-retention';
export {
  groupPartitionSeries,
  groupSeries,
  type LagSeriesKey,
  type LagSeriesKind,
  partitionSeries,
  queueSeries,
} from './lag-series';
export { LagChartRepository, LagHistoryRepository, LagRetentionRepository, LagSeriesRepository };

export interface LagRepositories {
  readonly series: LagSeriesRepository;
  readonly history: LagHistoryRepository;
  readonly charts: LagChartRepository;
  readonly retention: LagRetentionRepository;
}

export function lagRepositories(db: Db): LagRepositories {
  return {
    series: new LagSeriesRepository(db),
    history: new LagHistoryRepository(db),
    charts: new LagChartRepository(db),
    retention: new LagRetentionRepository(db),
  };
}
