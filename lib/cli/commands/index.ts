import { CommandRegistry } from '../registry';
import { auditCommand } from './audit';
import { auditLogCommand } from './audit-log';
import { brokerCommand } from './broker';
import { demoCommand } from './demo';
import { drainCommand } from './drain';
import { jobsCommand } from './jobs';
import { lagCommand } from './lag';
import { offsetsCommand } from './offsets';
import { replayCommand } from './replay';
import { startCommand } from './start';
import { usersCommand } from './users';

/** Every `spillway` command, in help order. Later features add theirs here (broker, lag, audit, drain, ...). */
export function commandRegistry(): CommandRegistry {
  return new CommandRegistry()
    .add(startCommand)
    .add(brokerCommand)
    .add(lagCommand)
    .add(auditCommand)
    .add(demoCommand)
    .add(drainCommand)
    .add(jobsCommand)
    .add(offsetsCommand)
    .add(replayCommand)
    .add(usersCommand)
    .add(auditLogCommand);
}
