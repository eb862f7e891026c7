import { CommandRegistry } from '../registry';
import { auditCommand } from './audit';
import { brokerCommand } from './broker';
import { demoCommand } from './demo';
import { lagCommand } from './lag';
import { startCommand } from './start';

/** Every `spillway` command, in help order. Later features add theirs here (broker, lag, audit, drain, ...). */
export function commandRegistry(): CommandRegistry {
  return new CommandRegistry()
    .add(startCommand)
    .add(brokerCommand)
    .add(lagCommand)
    .add(auditCommand)
    .add(demoCommand);
}
