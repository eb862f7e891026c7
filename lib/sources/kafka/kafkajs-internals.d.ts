// Declarations for the kafkajs 2.2.x protocol files lenient-metadata.ts and internal.ts import (kafkajs ships no types
// for its internals). Only what is used is declared.
declare module 'kafkajs/src/protocol/requests/metadata/v5/request.js' {
  /** Metadata v5 request: `topics` [] means every topic. */
  const request: (args: { topics: string[]; allowAutoTopicCreation: boolean }) => object;
  export default request;
}

declare module 'kafkajs/src/protocol/requests/metadata/v5/response.js' {
  const response: { decode(raw: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
  export default response;
}

declare module 'kafkajs/src/protocol/encoder.js' {
  /** kafkajs's request body buffer; a connection accepts a request whose encode() returns one. */
  export default class Encoder {
    constructor(initialSize?: number);
    writeBuffer(value: Buffer): Encoder;
  }
}
