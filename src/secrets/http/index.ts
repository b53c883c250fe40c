// The HTTP face of secrets for app pods: GET /api/secrets/:project/:name with a Bearer identity.
export {
  bearerToken,
  secretsRouteMaxParamLength,
  secretsRoutes,
  type VerifyIdentity,
} from './secrets-routes.js';
