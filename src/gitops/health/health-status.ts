/**
 * Every health status, ordered from most to least healthy. The order is the one Argo CD's
 * gitops-engine uses when it decides whether one status is worse than another (`IsWorse`):
 * Suspended ranks just above Healthy because a paused resource is a deliberate, stable state;
 * Missing ranks below Progressing because nothing is working towards creating the object; and
 * Unknown ranks worst of all because a health check that cannot decide must not hide a problem.
 */
export const HEALTH_STATUSES = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
] as const;

export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type Health = { status: HealthStatus; message?: string };

export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === 'string' && (HEALTH_STATUSES as readonly string[]).includes(value);
}

/** True when `candidate` is a worse condition than `current`. */
export function isWorseHealth(current: HealthStatus, candidate: HealthStatus): boolean {
  return HEALTH_STATUSES.indexOf(candidate) > HEALTH_STATUSES.indexOf(current);
}

/** The health of a group of resources is that of its least healthy member; none at all is Healthy. */
export function worstHealth(statuses: readonly HealthStatus[]): HealthStatus {
  let worst: HealthStatus = 'Healthy';
  for (const status of statuses) if (isWorseHealth(worst, status)) worst = status;
  return worst;
}

/** Builds a Health, leaving out an empty message so callers can test `message === undefined`. */
export function healthOf(status: HealthStatus, message?: string): Health {
  return message === undefined || message === '' ? { status } : { status, message };
}
