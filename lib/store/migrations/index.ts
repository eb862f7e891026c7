/**
 * Versioned schema migrations, one file per step, listed here in version order. Each feature owns a
 * version range so parallel work never collides: 1–9 core, 10–19 lag history (sampler), 20–29 audit
 * and alerts, 30–39 recovery jobs, 40–49 auth and the audit log, 50–59 message archive and replay.
 */
import { settings } from './001-settings';
import { lagHistory } from './011-lag-history';
import { alerts } from './021-alerts';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [settings, lagHistory, alerts];
