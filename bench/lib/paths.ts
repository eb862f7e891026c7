/** Where things are: the repository, the CLI, and the shared Apache Kafka's run state (see scripts/README.md). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SPILLWAY_BIN = join(REPO_ROOT, 'bin', 'spillway.js');
export const KAFKA_SCRIPT = join(REPO_ROOT, 'scripts', 'kafka.sh');
export const KAFKA_VERSION = process.env.SPILLWAY_KAFKA_VERSION ?? '3.9.1';
export const KAFKA_PORT = Number(process.env.SPILLWAY_KAFKA_PORT ?? 19092);
const CACHE_DIR = process.env.SPILLWAY_CACHE_DIR ?? join(homedir(), '.cache', 'spillway');
export const KAFKA_LIBS = join(CACHE_DIR, `kafka-${KAFKA_VERSION}`, 'libs');
export const KAFKA_PID_FILE = join(CACHE_DIR, 'run', `kafka-${KAFKA_PORT}`, 'kafka.pid');
/** The JVM flags scripts/kafka.sh uses, so a second Kafka started here is configured the same way. */
export const KAFKA_JVM_FLAGS = [
  ...(process.env.SPILLWAY_KAFKA_HEAP ?? '-Xms128m -Xmx768m').split(/\s+/).filter(Boolean),
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];
