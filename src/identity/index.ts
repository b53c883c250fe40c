// Workload identity: verifying service-account tokens against the API server's OIDC issuer,
// Slipway's own issuer (ES256 keys, discovery, JWKS, rotation) and token endpoint, pipeline-run
// tokens (minted, and checked by services such as a Git host), and the pod fields for the token.
export { IdentityError, identityFailures, quoteClaim } from './identity-error.js';
export type { IdentityFailure } from './identity-error.js';
export {
  decodeJwt,
  verifyJwtSignature,
  verificationKey,
  signEs256Jwt,
  signEs256JwtWithHeader,
} from './jwt.js';
export type { DecodedJwt, JwtClaims, VerificationKey } from './jwt.js';
export { httpsJsonFetcher } from './https-json.js';
export type { FetchJson } from './https-json.js';
export { OidcKeySet } from './oidc-keys.js';
export type { OidcKeySetOptions } from './oidc-keys.js';
export { verifyOidcToken } from './oidc-token.js';
export type { OidcTokenOptions } from './oidc-token.js';
export {
  azureClientIdAnnotation,
  azureTenantIdAnnotation,
  identityAnnotation,
  identityOf,
} from './bound-objects.js';
export type { ObjectReader } from './bound-objects.js';
export {
  verifyBoundServiceAccountToken,
  verifyServiceAccountToken,
} from './service-account-token.js';
export type {
  BoundServiceAccount,
  ServiceAccountTokenOptions,
  WorkloadIdentity,
} from './service-account-token.js';
export { SlipwayIssuer, defaultAccessTokenTtlSeconds } from './slipway-issuer.js';
export type {
  AccessTokenRequest,
  IssuedAccessToken,
  SlipwayIssuerOptions,
} from './slipway-issuer.js';
export {
  gitPushAudience,
  pipelineRunToken,
  pipelineSubject,
  maxPipelineTokenSeconds,
} from './pipeline-token.js';
export type { PipelineRunContext } from './pipeline-token.js';
export { pipelineRunOf, verifyPipelineRunToken } from './pipeline-token-check.js';
export type { PipelineRun, PipelineRunTokenOptions } from './pipeline-token-check.js';
export {
  applyWorkloadIdentityPatch,
  workloadIdentityAudience,
  workloadIdentityMountPath,
  workloadIdentityPodPatch,
  workloadIdentityTokenFile,
} from './pod-patch.js';
export type { PodPatchOptions, PodSpecLike, WorkloadIdentityPodPatch } from './pod-patch.js';
export { identityRoutes } from './token-routes.js';
export type { IdentityLog, IdentityRoutesDeps } from './token-routes.js';
export {
  accessTokenType,
  clientCredentialsGrant,
  jwtBearerAssertionType,
  jwtTokenType,
  OAuthError,
  parseTokenRequest,
  tokenExchangeGrant,
} from './token-request.js';
export type { OAuthErrorCode, TokenRequest } from './token-request.js';
export { acceptFormBodies } from './form-body.js';
