package truce_test

import (
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// TestDateIn: dates are the mission's local days (Europe/Kyiv by default),
// at the day's edges and across the change to summer time on 2025-03-30.
func TestDateIn(t *testing.T) {
	kyiv := truce.DefaultLocation()
	tests := []struct {
		at   string
		loc  *time.Location
		want string
	}{
		{"2025-04-12T22:30:00Z", kyiv, "2025-04-13"}, // 01:30 EEST
		{"2025-04-12T22:30:00Z", time.UTC, "2025-04-12"},
		{"2025-04-12T20:59:59Z", kyiv, "2025-04-12"}, // 23:59:59 EEST
		{"2025-04-12T21:00:00Z", kyiv, "2025-04-13"},
		{"2025-04-17T22:30:00Z", kyiv, "2025-04-18"}, // after the energy truce's last day
		{"2025-03-29T21:59:59Z", kyiv, "2025-03-29"}, // 23:59:59 EET (UTC+2)
		{"2025-03-29T22:00:00Z", kyiv, "2025-03-30"}, // midnight EET, the day clocks go forward
		{"2025-03-30T20:59:59Z", kyiv, "2025-03-30"}, // 23:59:59 EEST (UTC+3): the day is 23 hours long
		{"2025-03-30T21:00:00Z", kyiv, "2025-03-31"},
		{"2025-10-26T21:59:59Z", kyiv, "2025-10-26"}, // back to winter time: a 25-hour day
		{"2025-10-26T22:00:00Z", kyiv, "2025-10-27"},
	}
	for _, tt := range tests {
		at, _ := time.Parse(time.RFC3339, tt.at)
		if got := truce.DateIn(at, tt.loc).String(); got != tt.want {
			t.Errorf("DateIn(%s, %s) = %s, want %s", tt.at, tt.loc, got, tt.want)
		}
	}
}

// TestStartIn: a local day's bounds as instants, across the DST changes.
func TestStartIn(t *testing.T) {
	kyiv := truce.DefaultLocation()
	tests := []struct {
		day, want string
		hours     float64
	}{
		{"2025-04-13", "2025-04-12T21:00:00Z", 24},
		{"2025-03-30", "2025-03-29T22:00:00Z", 23},
		{"2025-10-26", "2025-10-25T21:00:00Z", 25},
	}
	for _, tt := range tests {
		d := truce.MustParseDate(tt.day)
		got := d.StartIn(kyiv)
		if got.Format(time.RFC3339) != tt.want {
			t.Errorf("%s starts %s, want %s", tt.day, got.Format(time.RFC3339), tt.want)
		}
		if h := d.AddDays(1).StartIn(kyiv).Sub(got).Hours(); h != tt.hours {
			t.Errorf("%s lasts %v hours, want %v", tt.day, h, tt.hours)
		}
	}
	if got := truce.MustParseDate("2025-04-13").StartIn(nil); !got.Equal(truce.MustParseDate("2025-04-13").Time()) {
		t.Errorf("StartIn(nil) = %v, want midnight UTC", got)
	}
}

func TestLoadZone(t *testing.T) {
	if loc, err := truce.LoadZone(""); err != nil || loc.String() != truce.DefaultZone {
		t.Errorf("default zone %v, %v", loc, err)
	}
	for _, bad := range []string{"Mars/Olympus", "Local", "../etc"} {
		if _, err := truce.LoadZone(bad); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("%q: err %v, want EINVALID", bad, err)
		}
	}
}
