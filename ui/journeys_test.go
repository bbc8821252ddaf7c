package ui

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"tvol/api"
	"tvol/api/sim"
)

// journey is the dashboard in a real Bubble Tea program at a fixed size, against the
// simulator on loopback, with the simulator's fake clock as the dashboard's clock too.
type journey struct {
	t     *testing.T
	sim   *sim.Server
	clock *sim.FakeClock
	tm    *teatest.TestModel
}

func startJourney(t *testing.T, cfg sim.Config, opts Options) *journey {
	t.Helper()
	return startJourneyThrough(t, cfg, opts, nil, 0)
}

// startJourneyThrough puts wrap (a fault injector, say) between the dashboard and the
// simulator; timeout bounds each request attempt (0: the client's default).
func startJourneyThrough(t *testing.T, cfg sim.Config, opts Options, wrap func(http.Handler) http.Handler, timeout time.Duration) *journey {
	t.Helper()
	clock := sim.NewFakeClock(testEpoch)
	cfg.Clock = clock
	if cfg.Lifecycle == (sim.Lifecycle{}) {
		cfg.Lifecycle = sim.Lifecycle{ProvisionDelay: 10 * time.Second, DeleteDelay: 5 * time.Second}
	}
	server, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // seeded volumes in progress have settled
	var handler http.Handler = server
	if wrap != nil {
		handler = wrap(server)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: sim.DefaultKey, HTTPClient: srv.Client(), Timeout: timeout,
		Retry: api.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	opts.Client, opts.Profile, opts.Host = client, "journey", "simulator"
	opts.Now, opts.Location = clock.Now, time.UTC
	if opts.RefreshInterval == 0 {
		opts.RefreshInterval = 100 * time.Millisecond
	}
	opts.StateInterval = 20 * time.Millisecond
	tm := teatest.NewTestModel(t, New(context.Background(), opts), teatest.WithInitialTermSize(120, 36))
	return &journey{t: t, sim: server, clock: clock, tm: tm}
}

// waitFor waits until the screen shows text (a condition on output, never a fixed sleep).
func (j *journey) waitFor(text string) {
	j.t.Helper()
	teatest.WaitFor(j.t, j.tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitForAll waits until every text has appeared since the last wait.
func (j *journey) waitForAll(texts ...string) {
	j.t.Helper()
	teatest.WaitFor(j.t, j.tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func (j *journey) press(keys ...string) {
	for _, k := range keys {
		j.tm.Send(keyPress(k))
	}
}

func (j *journey) quit() *Model {
	j.t.Helper()
	j.press("q")
	return j.tm.FinalModel(j.t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

func TestJourneyCreateReadyRenameCleanUp(t *testing.T) {
	j := startJourney(t, sim.Config{}, Options{})
	j.waitFor("no volumes yet")

	j.press("n")
	j.waitFor("New volume")
	// Each field takes focus asynchronously: wait for it before pressing on.
	j.tm.Type("journey-vol")
	j.press("enter")
	j.waitFor("┃ Size")
	j.press("enter") // keep 10GiB
	j.waitFor("┃ Resource")
	j.press("enter")                 // storage-rentals, on to the summary
	j.waitFor("Create this volume?") // below the summary of what will be sent
	j.press("y")                     // create
	j.waitFor("created journey-vol")
	j.clock.Advance(10 * time.Second)
	j.waitFor("● READY")

	j.press("e")
	j.waitFor("Rename journey-vol")
	j.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	j.tm.Type("journey-renamed")
	j.press("enter")
	j.waitFor("renamed to journey-renamed")

	j.press("d")
	j.waitFor("Clean up: deprovision")
	j.press("enter")
	j.waitFor("Clean up journey-renamed")
	j.press("y")
	j.waitFor("waiting for the storage to be released")
	j.clock.Advance(5 * time.Second)
	j.waitFor("cleaned up journey-renamed")
	m := j.quit()

	if len(m.table.rows) != 0 {
		t.Fatalf("%d volumes left after the clean-up", len(m.table.rows))
	}
	for route, want := range map[string]int{
		"POST /volumes": 1, "PATCH /volumes/{uid}": 1, "POST /volumes/{uid}/delete": 1, "DELETE /volumes/{uid}": 1,
	} {
		if got := j.sim.Count(route); got != want {
			t.Errorf("%s reached the simulator %d times, want exactly %d", route, got, want)
		}
	}
}

func TestJourneyAttachedVolumeNeedsItsNameTyped(t *testing.T) {
	j := startJourney(t, sim.Config{Volumes: 40, Seed: 5}, Options{})
	j.waitFor("40 volumes")
	j.press("/")
	j.tm.Type("wrk-")
	j.press("enter")
	j.press("d")
	j.waitFor("Clean up: deprovision")
	j.press("enter")
	j.waitFor("to confirm")
	j.tm.Type("not-the-name")
	j.press("enter")
	j.waitFor("type the name exactly")
	j.press("esc")
	j.waitFor("nothing was sent")
	j.quit()
	if n := j.sim.Count("POST /volumes/{uid}/delete") + j.sim.Count("DELETE /volumes/{uid}"); n != 0 {
		t.Fatalf("%d delete requests without a confirmation", n)
	}
}

func TestJourneyFilterAndSortGolden(t *testing.T) {
	j := startJourney(t, sim.Config{Volumes: 60, Seed: 11}, Options{RefreshInterval: time.Hour})
	j.waitFor("60 volumes")
	j.press("/")
	j.tm.Type("llama")
	j.press("enter")
	j.waitFor("filter \"llama\"")
	j.press("s", "s", "s", "S") // from age: name, UID, status; then descending
	j.waitFor("sort: status ↓")
	m := j.quit()
	view := m.View()
	for _, line := range strings.Split(view, "\n")[3:] {
		if strings.Contains(line, "vol-") && !strings.Contains(line, "│") && !strings.Contains(line, "llama") {
			t.Fatalf("a row that does not match %q is shown: %q", "llama", line)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

func TestJourneyStaleMarkerAndRecovery(t *testing.T) {
	j := startJourney(t, sim.Config{Volumes: 12, Seed: 2}, Options{})
	j.waitFor("12 volumes")
	if err := j.sim.SetFaults(sim.Faults{ErrorRate: 1}); err != nil {
		t.Fatal(err)
	}
	j.waitForAll("stale · last updated", "internal server error") // may come in one frame
	if err := j.sim.SetFaults(sim.Faults{}); err != nil {
		t.Fatal(err)
	}
	j.waitFor("reconnected")
	m := j.quit()
	if len(m.table.rows) != 12 {
		t.Fatalf("%d volumes after recovering, want 12", len(m.table.rows))
	}
}

func TestJourneySelectionSurvivesRefreshes(t *testing.T) {
	j := startJourney(t, sim.Config{Volumes: 25, Seed: 3}, Options{})
	j.waitFor("25 volumes")
	j.press("j", "j", "j", "j")
	store := j.sim.Store()
	for i := range 3 { // three volumes appear in front of the selection
		store.Create(sim.AccountID(sim.DefaultKey), api.CreateVolumeRequest{Name: "arrival-" + string(rune('a'+i)), SizeMiB: 512, ResourceName: "storage-rentals"})
	}
	j.waitFor("28 volumes")
	m := j.quit()
	selected, _ := m.table.Selected()
	all, _ := m.table.rows, 0
	_ = all
	if regexp.MustCompile(`^arrival-`).MatchString(selected.Name) {
		t.Fatalf("the cursor moved to a new arrival: %s", selected.Name)
	}
	// The fifth row of the first load, by creation order: the cursor still holds it.
	m.table.sortBy, m.table.sortDesc = colAge, false
	m.table.refreshView()
	if pos := m.table.cursor; m.table.rows[m.table.view[pos]].vol.UID != selected.UID || pos != 7 {
		t.Fatalf("the selected volume is at row %d, want 7 (4 + 3 arrivals)", pos)
	}
}
