export { AUTHORIZED_OPERATIONS_OMITTED } from './admin';
export { type Cancel, ManualScheduler, type Scheduler, systemScheduler } from './clock';
export { GROUP_DEFAULTS, type GroupConfig, resolveGroupConfig } from './config';
export { GroupCoordinator, type GroupCoordinatorOptions } from './coordinator';
export { JOURNAL_FILE, SNAPSHOT_FILE } from './journal';
export type * from './types';
