package scenario_test

import (
	"testing"

	"github.com/truce-monitor/truce/scenario"
)

func TestBuiltinParses(t *testing.T) {
	s, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d parties, %d provisions, %d positions", len(s.Parties), len(s.Provisions), len(s.Positions))
}
