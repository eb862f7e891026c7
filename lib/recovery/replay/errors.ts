// Errors of replay and offset reset. A ReplayError is something the operator can act on (bad input, a
// refusal, a missing resource); the CLI prints it as one line and the API answers it as a 4xx with the reason.

export type ReplayErrorKind = 'bad-input' | 'refused' | 'not-found' | 'unavailable';

export class ReplayError extends Error {
  constructor(
    message: string,
    readonly kind: ReplayErrorKind = 'bad-input',
  ) {
    super(message);
    this.name = 'ReplayError';
  }

  /** HTTP status for the API. */
  get status(): number {
    return this.kind === 'not-found'
      ? 404
      : this.kind === 'refused'
        ? 409
        : this.kind === 'unavailable'
          ? 503
          : 400;
  }
}
