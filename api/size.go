package api

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
)

// MaxSizeMiB bounds what ParseSize accepts (1 PiB): far above any real volume, and far below
// where the MiB count or its byte count would overflow.
const MaxSizeMiB = 1 << 30

// mibPerUnit maps a lower-cased unit to MiB. M, G, T and MB, GB, TB read as binary units, as
// the API's own size_in_mb does; a bare number is GiB, as in the provider's own client.
func mibPerUnit(unit string) (int64, bool) {
	switch unit {
	case "m", "mb", "mi", "mib":
		return 1, true
	case "", "g", "gb", "gi", "gib":
		return 1024, true
	case "t", "tb", "ti", "tib":
		return 1024 * 1024, true
	default:
		return 0, false
	}
}

// ParseSize reads a size typed by a user ("10", "10G", "1.5 TiB", "512MiB") and returns it in
// MiB, the unit the API takes. The result is always a positive whole number of MiB.
func ParseSize(input string) (int64, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return 0, fmt.Errorf("size is empty: type a number with a unit, such as 10GiB or 512MiB")
	}
	split := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if split < 0 {
		split = len(s)
	}
	number, unit := s[:split], strings.ToLower(strings.TrimSpace(s[split:]))
	if number == "" {
		return 0, fmt.Errorf("size %q does not start with a number", input)
	}
	perUnit, ok := mibPerUnit(unit)
	if !ok {
		return 0, fmt.Errorf("size %q: unknown unit %q (use MiB, GiB or TiB; a bare number is GiB)", input, s[split:])
	}
	value, err := strconv.ParseFloat(number, 64)
	if err != nil || math.IsInf(value, 0) || math.IsNaN(value) {
		return 0, fmt.Errorf("size %q: %q is not a number", input, number)
	}
	if value <= 0 {
		return 0, fmt.Errorf("size %q must be greater than zero", input)
	}
	mib := value * float64(perUnit)
	if mib > MaxSizeMiB {
		return 0, fmt.Errorf("size %q is larger than the 1 PiB this tool accepts", input)
	}
	if mib != math.Trunc(mib) {
		return 0, fmt.Errorf("size %q is not a whole number of MiB (%.4g MiB)", input, mib)
	}
	return int64(mib), nil
}

// FormatSize shows a MiB count in the largest binary unit that keeps it readable:
// "512 MiB", "10 GiB", "1.5 TiB". Absurd values from a server still format.
func FormatSize(mib int64) string {
	if mib < 0 {
		return "-" + FormatSize(-mib)
	}
	var text string
	if mib < 1<<43 { // its byte count fits in a uint64
		text = humanize.IBytes(uint64(mib) << 20)
	} else {
		text = humanize.BigIBytes(new(big.Int).Lsh(big.NewInt(mib), 20))
	}
	// humanize writes one decimal below 10 ("5.0 GiB"); a whole number reads better without it.
	return strings.Replace(text, ".0 ", " ", 1)
}

// FormatQuantity writes a MiB count as a Kubernetes quantity, the form of an event's
// requested_size: "10Gi" when it is whole GiB, "1536Mi" otherwise.
func FormatQuantity(mib int64) string {
	switch {
	case mib != 0 && mib%(1024*1024) == 0:
		return strconv.FormatInt(mib/(1024*1024), 10) + "Ti"
	case mib != 0 && mib%1024 == 0:
		return strconv.FormatInt(mib/1024, 10) + "Gi"
	default:
		return strconv.FormatInt(mib, 10) + "Mi"
	}
}

// FormatAge is a short relative age for a column: "45s", "3m", "5h", "12d"; "-" when unknown.
func FormatAge(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(max(d, 0).Seconds())) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d.Hours())) + "h"
	default:
		return strconv.Itoa(int(d.Hours()/24)) + "d"
	}
}
