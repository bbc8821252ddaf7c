package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/dustin/go-humanize"

	"tvol/api"
)

// clean makes a server's string safe to print (see api.Printable).
func clean(s string) string { return api.Printable(s) }

// fit cuts or pads s to exactly width cells.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		return ansi.Truncate(s, width, "…")
	}
	return s + strings.Repeat(" ", width-w)
}

// fitRight right-aligns s in width cells.
func fitRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return fit(s, width)
	}
	return strings.Repeat(" ", width-w) + s
}

// money shows a cost: cents for usual figures, more digits for tiny ones.
func money(v float64) string {
	switch {
	case v == 0:
		return "$0"
	case v < 0.01 && v > -0.01:
		return fmt.Sprintf("$%.4f", v)
	case v >= 1e15 || v <= -1e6: // absurd figures from a server still fit a column
		return fmt.Sprintf("$%.3g", v)
	case v >= 1e6:
		return "$" + humanize.SIWithDigits(v, 1, "")
	case v >= 1000:
		return "$" + humanize.Commaf(math.Round(v))
	default:
		return "$" + humanize.CommafWithDigits(v, 2)
	}
}

// age is a short relative time for columns: "45s", "3m", "5h", "12d".
func age(t, now time.Time) string { return api.FormatAge(t, now) }

// ago is a relative time for sentences: "just now", "20s ago", "3m ago". Coarse on purpose:
// the label changes rarely, so the screen is not redrawn every second for it.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 10*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds())/10*10)
	default:
		return humanize.RelTime(t, now, "ago", "from now")
	}
}

// absolute is a timestamp a person reads, in the user's time zone.
func absolute(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}
