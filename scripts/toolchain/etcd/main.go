// Command etcd is etcd's own server main, built from a wrapper module because
// etcd's go.mod carries replace directives that make `go install` refuse it.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
