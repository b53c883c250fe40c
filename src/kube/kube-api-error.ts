import { SlipwayError } from '../errors/index.js';

/** A Kubernetes API request that the server refused; carries its HTTP status and Status reason. */
export class KubeApiError extends SlipwayError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}
