// The seam between the HTTP server and sign-in, roles and audit: the server asks "who is this?"
// and "may they?", and records what they did; src/auth answers.

export type Role = 'viewer' | 'deployer' | 'admin';

/** A role in one project (an Application's spec.project), or in every project with '*'. */
export type Grant = { readonly role: Role; readonly project: string };

export type Principal = {
  readonly user: string;
  readonly grants: readonly Grant[];
  /** How this request proved who it is. */
  readonly via: 'token' | 'session';
  /** Set for sessions: the value the X-CSRF-Token header must carry on mutating requests. */
  readonly csrfToken?: string;
  readonly sessionId?: string;
};

/** What an action needs: read (viewer), deploy (deployer), admin. */
export type Permission = 'read' | 'deploy' | 'admin';

export type RequestCredentials = {
  /** The Authorization header, if any. */
  readonly authorization?: string;
  /** The slipway_session cookie's value, if any. */
  readonly sessionCookie?: string;
};

export type SignIn = {
  readonly principal: Principal;
  /** The cookie value to set (HttpOnly, SameSite=Strict). */
  readonly sessionId: string;
  readonly csrfToken: string;
};

export type ApiToken = {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
};

export type Authenticator = {
  /** Who sent this request; undefined when nothing (valid) was presented. */
  readonly identify: (credentials: RequestCredentials) => Promise<Principal | undefined>;
  /** Checks a password (scrypt); a wrong user or password is the same answer. */
  readonly signIn: (username: string, password: string) => Promise<SignIn | undefined>;
  readonly signOut: (sessionId: string) => Promise<void>;
  /** Creates a token for the principal's own user; the secret is shown once. */
  readonly createToken: (
    user: string,
    name: string,
  ) => Promise<{ token: ApiToken; secret: string }>;
  readonly listTokens: (user: string) => Promise<ApiToken[]>;
  readonly revokeToken: (user: string, id: string) => Promise<boolean>;
};

export type AuditEvent = {
  /** Set on listed events: pass it as `before` to get the page after this one. */
  readonly id?: string;
  readonly who: string;
  /** e.g. "rollout.promote", "application.sync", "session.signin". */
  readonly action: string;
  /** e.g. "Rollout shop/web". */
  readonly target: string;
  readonly project: string;
  readonly at: string;
  /** The client address. */
  readonly from: string;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  readonly detail?: string;
};

export type AuditLog = {
  readonly record: (event: AuditEvent) => Promise<void>;
  readonly list: (filter: {
    readonly project?: string;
    readonly who?: string;
    /** Default 50, at most 500. */
    readonly limit?: number;
    /** An event's `id` (events recorded before it), or an RFC 3339 time (events before then). */
    readonly before?: string;
  }) => Promise<AuditEvent[]>;
};
