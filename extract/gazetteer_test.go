package extract

import "testing"

// TestLookupFolded checks that Find's allocation-free lookup finds what
// byKey[foldName(name)] finds.
func TestLookupFolded(t *testing.T) {
	g := DefaultGazetteer()
	for _, s := range []string{"Kyiv", "St. Petersburg", "St Petersburg", "Kryvyi Rih", "Zaporizhzhia-Nuclear", "Bila Tserkva,",
		" Odesa ", "O'Hare", "A--B", "st. x", "Kharkiv\tOblast", "", "-", "Nova  Kakhovka", "Dnipro's", "Ivano-Frankivsk"} {
		want, wok := g.byKey[foldName(s)]
		got, gok := g.lookupFolded(s, nil)
		if got != want || gok != wok {
			t.Errorf("%q: got %v %v, want %v %v", s, got, gok, want, wok)
		}
	}
}
