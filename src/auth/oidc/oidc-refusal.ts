import { SlipwayError, type SlipwayErrorOptions } from '../../errors/index.js';

/**
 * A sign-in through the IdP that Slipway refuses: `unauthenticated` when the proof is bad
 * (state, token, signature), `forbidden` when the person is known but maps to no role.
 * `who` is the user, when the refusal comes after the id_token was verified.
 */
export class OidcRefusal extends SlipwayError {
  constructor(
    readonly kind: 'unauthenticated' | 'forbidden',
    message: string,
    options: SlipwayErrorOptions & { readonly who?: string } = {},
  ) {
    super(message, options);
    this.who = options.who;
  }

  readonly who: string | undefined;
}

export const badProof = (message: string, hint?: string): OidcRefusal =>
  new OidcRefusal('unauthenticated', message, hint === undefined ? {} : { hint });
