// Admission for workload identity: a mutating webhook that gives pods of an identity-annotated
// ServiceAccount their projected token, mount and variables (identity/pod-patch.ts decides
// which), its HTTPS listener and certificates, and its MutatingWebhookConfiguration.
export { allow, parseAdmissionReview, admissionReviewApiVersion } from './admission-review.js';
export type {
  AdmissionRequest,
  AdmissionResponse,
  AdmissionReviewAnswer,
  JsonPatchOperation,
} from './admission-review.js';
export { listOperations, podSpecJsonPatch } from './pod-json-patch.js';
export { admitPodCreation, podCreation } from './workload-identity-admission.js';
export type { PodCreation, ServiceAccountLookup } from './workload-identity-admission.js';
export {
  admissionExcludedNamespaces,
  admissionOptOutLabel,
  admissionOptOutValue,
  workloadIdentityWebhookConfiguration,
  workloadIdentityWebhookConfigurationName,
  workloadIdentityWebhookPath,
} from './webhook-configuration.js';
export type { WebhookConfigurationOptions } from './webhook-configuration.js';
export {
  registerWorkloadIdentityWebhook,
  unregisterWorkloadIdentityWebhook,
} from './webhook-registration.js';
export { ensureServingCertificate } from './serving-certificate.js';
export type { ServingCertificate } from './serving-certificate.js';
export { answerAdmissionReview, startAdmissionServer } from './admission-server.js';
export type { AdmissionServer, AdmissionServerDeps } from './admission-server.js';
