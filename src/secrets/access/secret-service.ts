import type { AuditEvent, AuditLog } from '../../auth/auth-types.js';
import { SlipwayError } from '../../errors/index.js';
import { SecretAccessDeniedError, SecretNotFoundError } from '../secret-errors.js';
import { checkProject } from '../secret-input.js';
import type { SecretProvider, SecretValue } from '../secret-types.js';
import { allowed, type SecretPermission, type SecretPolicy } from './access-policy.js';

// The one door to secrets for callers that are not Slipway itself: policy first (so a caller
// without access learns nothing about what exists), then the project's provider, and an audit
// record for every attempt — allowed, denied or failed. Audit carries names, never values.

export type SecretServiceOptions = {
  /** The provider holding a project's secrets; undefined when the project has none. */
  readonly providerFor: (project: string) => SecretProvider | undefined;
  /** A function to pick up policy changes without rebuilding the service. */
  readonly policies: readonly SecretPolicy[] | (() => readonly SecretPolicy[]);
  readonly audit: AuditLog;
  readonly clock?: () => Date;
};

export type SecretRequest = {
  /** Who is asking, as verified by the caller (e.g. "system:serviceaccount:shop:web"). */
  readonly identity: string;
  readonly project: string;
  readonly name: string;
  /** The client address, for the audit record. */
  readonly from: string;
};

const clip = (text: string, max = 160): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

export class SecretService {
  constructor(private readonly options: SecretServiceOptions) {}

  /** Reads a secret if a policy allows it; audited whatever happens. */
  async read(request: SecretRequest & { readonly version?: string }): Promise<SecretValue> {
    const provider = await this.admit(request, 'read');
    const secret = await this.attempt(request, 'read', () =>
      provider.get(request.name, request.version),
    );
    // Recorded before the value is handed out: a read that cannot be audited does not happen.
    await this.record(request, 'read', 'allowed', `version ${secret.version}`);
    return secret;
  }

  /** Stores a new version if a policy allows it; audited whatever happens. Returns the version. */
  async write(request: SecretRequest & { readonly value: string }): Promise<string> {
    const provider = await this.admit(request, 'write');
    const version = await this.attempt(request, 'write', () =>
      provider.set(request.name, request.value),
    );
    await this.record(request, 'write', 'allowed', `version ${version}`);
    return version;
  }

  /** Checks the project and the policies and finds the provider, auditing a refusal. */
  private async admit(
    request: SecretRequest,
    permission: SecretPermission,
  ): Promise<SecretProvider> {
    try {
      checkProject(request.project);
    } catch (error) {
      await this.record(request, permission, 'failed', (error as Error).message);
      throw error;
    }
    const policies =
      typeof this.options.policies === 'function' ? this.options.policies() : this.options.policies;
    if (!allowed(policies, request.identity, request.name, request.project, permission)) {
      await this.record(request, permission, 'denied', 'no policy allows it');
      throw new SecretAccessDeniedError(
        `${clip(request.identity)} may not ${permission} secret ${clip(request.name)} in project ${request.project}`,
        { hint: `add a secret policy granting "${permission}" to this identity for this secret` },
      );
    }
    const provider = this.options.providerFor(request.project);
    if (provider === undefined) {
      await this.record(request, permission, 'failed', 'the project has no secret store');
      throw new SecretNotFoundError(clip(request.name), undefined, false, {
        hint: `project ${request.project} has no secret store configured`,
      });
    }
    return provider;
  }

  private async attempt<T>(
    request: SecretRequest,
    permission: SecretPermission,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // Provider errors are written to name, never value; anything else is summarised by class.
      const detail =
        error instanceof SlipwayError ? error.message : `${(error as Error).name ?? 'error'}`;
      await this.record(request, permission, 'failed', detail);
      throw error;
    }
  }

  private record(
    request: SecretRequest,
    permission: SecretPermission,
    outcome: AuditEvent['outcome'],
    detail: string,
  ): Promise<void> {
    return this.options.audit.record({
      who: clip(request.identity),
      action: `secret.${permission}`,
      target: `Secret ${clip(request.project, 63)}/${clip(request.name)}`,
      project: clip(request.project, 63),
      at: (this.options.clock?.() ?? new Date()).toISOString(),
      from: clip(request.from, 64),
      outcome,
      detail: clip(detail, 300),
    });
  }
}
