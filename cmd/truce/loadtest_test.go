package main

import (
	"strings"
	"testing"
)

// TestLoadtest runs the load tool against its own server, in a closed
// loop and in an open one: every report is acknowledged and stored, and
// the table is printed.
func TestLoadtest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"Closed", []string{"loadtest", "-clients", "4", "-n", "40"}, "POST /api/reports, 4 clients, 40 reports"},
		{"Open", []string{"loadtest", "-clients", "4", "--rate", "200", "--duration", "200ms"}, "open loop at 200 reports/s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			for _, want := range []string{tc.want, "201          40\n", "p99", "stored       41 (201s + the warm-up: 41)"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
