// Secrets as Kubernetes Secrets: "secret/key" names, writes only to Slipway-managed Secrets.
export {
  KubernetesSecretProvider,
  managedLabel,
  parseKubeSecretName,
} from './kubernetes-secret-provider.js';
export { kubeSecretApi, type KubeSecret, type KubeSecretApi } from './kube-secret-api.js';
