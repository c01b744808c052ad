package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func init() {
	register(&command{Name: "version", Summary: "print the version of this build", Run: runVersion})
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				v += " " + s.Value
			}
		}
	}
	fmt.Fprintf(env.Stdout, "truce %s\n", v)
	return nil
}
