package extract

import "testing"

// TestIncidentRecallClasses: tolls told in the capital after an attack
// told with no place, victims listed with "including", places the
// gazetteer lacks named by their kind, and "earlier in the week".
func TestIncidentRecallClasses(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		name, in string
		want     map[string]string // place -> "killed date"
	}{
		{"capital after a placeless barrage", `Russia launched 200 drones at Ukraine on Tuesday night. In Kyiv, two people were killed, the mayor said.`,
			map[string]string{"Kyiv": "2 2025-11-11"}},
		{"including without commas", `In Kharkiv, 12 people including three children were wounded when a missile struck a school.`,
			map[string]string{"Kharkiv": "- 2025-11-12"}},
		{"village not in the gazetteer", `A drone hit a bus in the village of Zorianka in the Kherson Region on Monday, killing three people.`,
			map[string]string{"Zorianka": "3 2025-11-10"}},
		{"earlier in the week", `Earlier in the week, a missile strike on Odesa killed four people.`,
			map[string]string{"Odesa": "4 2025-11-11"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseArticle("t", []byte("date 2025-11-12 "+tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, in := range x.Extract(a).Incidents {
				k := "-"
				if in.Killed != nil {
					k = itoa(*in.Killed)
				}
				date := ""
				if in.Date != nil {
					date = *in.Date
				}
				got[in.Place] = k + " " + date
			}
			for p, w := range tc.want {
				if got[p] != w {
					t.Errorf("%q: %s = %q, want %q; all %v", tc.in, p, got[p], w, got)
				}
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
