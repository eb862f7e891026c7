// Declarations for the two kafkajs 2.2.x protocol files lenient-metadata.ts imports (kafkajs ships no types
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
