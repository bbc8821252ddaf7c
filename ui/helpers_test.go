package ui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"go.uber.org/goleak"

	"tvol/api"
)

// TestMain pins the colour profile, so views and goldens carry no colour codes whatever the
// terminal running the tests.
func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	goleak.VerifyTestMain(m,
		// teatest leaves its interrupt watcher running, by its design.
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest.NewTestModel.func2"),
		// A tea.Tick armed before quitting (and the batch waiting on it) ends when its timer
		// fires, at most one interval later: Bubble Tea v1 cannot cancel a Tick.
		goleak.IgnoreTopFunction("github.com/charmbracelet/bubbletea.Tick.func1"),
		goleak.IgnoreTopFunction("sync.runtime_SemacquireWaitGroup"),
		// Likewise a text input's cursor blink (the filter, the forms) still waiting for its
		// half-second timer when a journey quits: seen when only the filter tests run.
		goleak.IgnoreTopFunction("github.com/charmbracelet/bubbles/cursor.(*Model).BlinkCmd.func1"))
}

var testEpoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func testCommon() *common {
	keys := DefaultKeyMap()
	return &common{styles: NewStyles(ThemeDark), keys: &keys, now: func() time.Time { return testEpoch }, loc: time.UTC}
}

// fleet makes n volumes: vol-000000000000 first, newest first, every seventh in progress.
func fleet(n int) []api.Volume {
	vols := make([]api.Volume, n)
	for i := range vols {
		status := "READY"
		if i%7 == 3 {
			status = "PROVISIONING"
		}
		vols[i] = api.Volume{
			UID: fmt.Sprintf("vol-%012d", i), Name: fmt.Sprintf("volume-%05d", i), SizeMiB: int64(1024 * (i%50 + 1)),
			ResourceName: []string{"storage-rentals", "h200-small"}[i%2], State: api.State{Status: status},
			CostPerHour: float64(i%50+1) * 0.005, CreatedAt: api.At(testEpoch.Add(-time.Duration(i) * time.Minute)),
		}
		if i%3 == 0 {
			vols[i].WorkloadUID, vols[i].MountPath = fmt.Sprintf("wrk-%012d", i), "/data"
		}
	}
	return vols
}

func keyPress(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}
