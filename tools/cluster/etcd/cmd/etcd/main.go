// Command etcd is the etcd server, as etcd's own main starts it, for the local control plane of
// scripts/cluster.sh.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
