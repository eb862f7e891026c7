// Where the sampler gets its sources. Tests and the bench may pass their own factory.
import type { ClusterConfig } from '../../config';
import { createSource } from '../../sources';
import type { Source } from '../../sources/types';

export type SourceFactory = (cluster: ClusterConfig) => Source;

export const defaultSourceFactory: SourceFactory = (cluster) => createSource(cluster);
