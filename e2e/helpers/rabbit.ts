// amqplib from the spec: a durable queue with messages waiting and no consumer.
import { connect } from 'amqplib';

/** Declares `queue` (durable, default vhost) and publishes `n` persistent messages with publisher confirms. */
export async function fillQueue(amqpUrl: string, queue: string, n: number): Promise<void> {
  const conn = await connect(amqpUrl);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue, { durable: true, arguments: { 'x-message-ttl': 3_600_000 } });
    for (let i = 0; i < n; i++) {
      ch.sendToQueue(queue, Buffer.from(`e2e ${i}`), {
        persistent: true,
        timestamp: Math.floor(Date.now() / 1000),
      });
    }
    await ch.waitForConfirms();
    await ch.close();
  } finally {
    await conn.close();
  }
}

export async function deleteQueue(amqpUrl: string, queue: string): Promise<void> {
  const conn = await connect(amqpUrl);
  try {
    const ch = await conn.createChannel();
    await ch.deleteQueue(queue);
    await ch.close();
  } finally {
    await conn.close();
  }
}
