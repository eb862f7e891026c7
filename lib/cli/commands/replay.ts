import type { CommandModule } from '../registry';
import { registerArchiveCommands } from './replay-archive';
import { registerFileReplay } from './replay-file';
import { registerKafkaReplay } from './replay-kafka';
import { registerRabbitReplay } from './replay-rabbitmq';

export const replayCommand: CommandModule = {
  name: 'replay',
  summary: 'capture expired RabbitMQ messages and replay them; replay Kafka ranges and files',
  register(program) {
    const replay = program
      .command('replay')
      .summary(this.summary)
      .description(
        "capture | archive | list: capture a queue's expired and rejected messages into the archive and browse it.",
      );
    registerArchiveCommands(replay);
    registerRabbitReplay(replay);
    registerKafkaReplay(replay);
    registerFileReplay(replay);
  },
};
