// Service and Ingress health: both are ready once a load balancer has been given an address.
import { healthOf, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import { nestedArray, nestedString } from './unstructured.js';

function hasLoadBalancerAddress(obj: KubeObject): boolean {
  return nestedArray(obj.status, 'loadBalancer', 'ingress').length > 0;
}

export function serviceHealth(obj: KubeObject): Health {
  // ClusterIP, NodePort and ExternalName services work as soon as they exist.
  if (nestedString(obj.spec, 'type') !== 'LoadBalancer') return healthOf('Healthy');
  return hasLoadBalancerAddress(obj)
    ? healthOf('Healthy')
    : healthOf('Progressing', 'Waiting for the load balancer to be given an address');
}

export function ingressHealth(obj: KubeObject): Health {
  return hasLoadBalancerAddress(obj)
    ? healthOf('Healthy')
    : healthOf('Progressing', 'Waiting for the ingress controller to publish an address');
}
