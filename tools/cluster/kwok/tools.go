//go:build tools

// Package tools pins kwok's command for scripts/cluster-build.sh.
package tools

import _ "sigs.k8s.io/kwok/pkg/kwok/cmd"
