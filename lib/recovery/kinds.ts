// Every job kind, registered once by importing this module (the runner, the CLI and the API do).
// Add one import line per kind (and its drain front, for drains); each module registers itself when loaded.
import './drain-kafka/kind';
import './drain-kafka/front';
import './drain-rabbitmq/kind';
import './drain-rabbitmq/front';
import './replay/rabbitmq/replay-kind';
import './replay/kafka/range-kind';
import './replay/file/file-kind';
