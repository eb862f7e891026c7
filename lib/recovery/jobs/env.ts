// The JobEnv of a process: clusters from its config, the embedded broker at its real (maybe ephemeral) port.
import type { ClusterConfig, Config } from '../../config';
import { type JobEnv, JobError } from './types';

export function configEnv(config: Config, embeddedPort?: () => number | undefined): JobEnv {
  return {
    cluster(name: string): ClusterConfig {
      const c = config.clusters.find((x) => x.name === name);
      if (!c) {
        throw new JobError(
          `unknown cluster "${name}" (configured: ${config.clusters.map((x) => x.name).join(', ') || 'none'})`,
          404,
        );
      }
      return c.kind === 'embedded' ? { ...c, port: embeddedPort?.() ?? c.port } : c;
    },
  };
}
