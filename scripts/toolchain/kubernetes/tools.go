//go:build tools

// Package tools pins the Kubernetes commands Slipway's local cluster runs.
// Upstream does not support k8s.io/kubernetes as a library; go.mod maps its
// staging modules to their published v0.34.x so the commands build from the
// module proxy alone.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
