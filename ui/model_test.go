package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// newSyntheticModel is a dashboard fed by hand-made messages: its client points nowhere and
// no Cmd it returns is run.
func newSyntheticModel(t *testing.T, opts Options) *Model {
	t.Helper()
	client, err := api.New(api.Options{BaseURL: "http://127.0.0.1:9"})
	if err != nil {
		t.Fatal(err)
	}
	opts.Client, opts.Profile, opts.Host = client, "test", "127.0.0.1:9"
	if opts.Now == nil {
		opts.Now = func() time.Time { return testEpoch }
	}
	opts.Location = time.UTC
	m := New(context.Background(), opts)
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	return m
}

func page(vols []api.Volume) api.VolumePage { return api.VolumePage{Items: vols} }

func TestFirstLoadShowsTheFleet(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	if !strings.Contains(m.View(), "loading volumes…") {
		t.Fatal("no loading screen before the first page")
	}
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(20))})
	view := m.View()
	for _, want := range []string{"volume-00000", "20 volumes", "updated just now", "test @ 127.0.0.1:9", "◌ 3", "● 17"} {
		if !strings.Contains(view, want) {
			t.Errorf("the view lacks %q", want)
		}
	}
	if !strings.Contains(view, "Detail") || !strings.Contains(view, "vol-000000000000") {
		t.Error("the detail pane does not show the selected volume")
	}
}

func TestFirstPageIsShownBeforeTheRestArrive(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	first := api.VolumePage{Items: fleet(10), NextCursor: "c2"}
	m.Update(listPageMsg{gen: m.live.listGen, page: first})
	if !strings.Contains(m.View(), "volume-00000") {
		t.Fatal("the first page is not shown while the walk goes on")
	}
}

// TestALongFirstLoadShowsProgressFewerTimes sends 40 pages 30 ms apart: the first is shown at
// once, then what has come at most every 200 ms, and the last completes the list.
func TestALongFirstLoadShowsProgressFewerTimes(t *testing.T) {
	clock := testEpoch
	m := newSyntheticModel(t, Options{Now: func() time.Time { return clock }})
	vols := fleet(40 * 25)
	shown := []int{}
	for p := range 40 {
		clock = clock.Add(30 * time.Millisecond)
		next := ""
		if p < 39 {
			next = fmt.Sprint("c", p)
		}
		before := len(m.table.rows)
		m.Update(listPageMsg{gen: m.live.listGen, page: api.VolumePage{Items: vols[p*25 : (p+1)*25], NextCursor: next}})
		if len(m.table.rows) != before {
			shown = append(shown, len(m.table.rows))
		}
	}
	// Shown after pages 1, 8, 15, 22, 29, 36 (210 ms apart), then the whole list.
	if want := []int{25, 200, 375, 550, 725, 900, 1000}; !slices.Equal(shown, want) {
		t.Fatalf("the table grew to %v; want %v", shown, want)
	}
}

func TestStaleRepliesAreDropped(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	old := m.live.listGen
	m.Update(keyPress("r")) // a new walk: the old one's answers no longer count
	m.Update(listPageMsg{gen: old, page: page(fleet(3))})
	if len(m.table.rows) != 0 {
		t.Fatal("an answer to a cancelled walk was used")
	}
	_, cmd := m.Update(listTickMsg{gen: old})
	if cmd != nil {
		t.Fatal("a tick of an old generation started a walk")
	}
}

func TestRefreshNeverDoublesTheLoop(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(5))})
	loaded := m.live.listGen
	for range 3 {
		m.Update(keyPress("r"))
	}
	if m.live.listGen != loaded+3 {
		t.Fatalf("generation %d after three refreshes from %d", m.live.listGen, loaded)
	}
	// The tick armed by the first load belongs to a generation that is over: it does nothing.
	if _, cmd := m.Update(listTickMsg{gen: loaded}); cmd != nil {
		t.Fatal("the old loop's tick still starts walks")
	}
}

func TestErrorsKeepTheDataAndMarkItStale(t *testing.T) {
	now := testEpoch
	m := newSyntheticModel(t, Options{Now: func() time.Time { return now }})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(8))})
	now = now.Add(2 * time.Minute)
	m.Update(listTickMsg{gen: m.live.listGen})
	m.Update(listPageMsg{gen: m.live.listGen, err: &api.APIError{Method: "GET", Path: "/tha/v2/volumes", StatusCode: 500, Message: "database on fire"}})
	view := m.View()
	for _, want := range []string{"volume-00000", "stale · last updated 2 minutes ago", "database on fire", "retrying in 10s"} {
		if !strings.Contains(view, want) {
			t.Errorf("the view lacks %q:\n%s", want, view)
		}
	}
	m.Update(listTickMsg{gen: m.live.listGen})
	m.Update(listPageMsg{gen: m.live.listGen, err: errors.New("connection refused")})
	if !strings.Contains(m.View(), "retrying in 20s") {
		t.Error("no back-off after a second failure")
	}
	m.Update(listTickMsg{gen: m.live.listGen})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(8))})
	if view := m.View(); strings.Contains(view, "stale") || !strings.Contains(view, "reconnected") {
		t.Errorf("no recovery:\n%s", view)
	}
}

func TestAnOverdueRefreshIsStaleWithoutAnError(t *testing.T) {
	now := testEpoch
	m := newSyntheticModel(t, Options{Now: func() time.Time { return now }})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(4))})
	now = now.Add(20 * time.Second)
	if strings.Contains(m.View(), "stale") {
		t.Fatal("stale after two intervals exactly")
	}
	now = now.Add(time.Second) // the walk in flight has not answered for over two intervals
	if !strings.Contains(m.View(), "stale · last updated 20s ago") {
		t.Fatalf("no stale marker for an overdue refresh:\n%s", m.View())
	}
}

func TestErrorsSayWhatToFix(t *testing.T) {
	for status, want := range map[int]string{
		http.StatusUnauthorized: `the API key was refused (401): check the key of profile "test"`,
		http.StatusForbidden:    "not allowed to do this (403)",
		http.StatusGone:         "this API version has been retired by the server (410)",
	} {
		m := newSyntheticModel(t, Options{})
		m.Update(listPageMsg{gen: m.live.listGen, err: &api.APIError{StatusCode: status}})
		if !strings.Contains(m.View(), want) {
			t.Errorf("%d: the view lacks %q", status, want)
		}
	}
}

func TestPauseStopsBothLoops(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(8))})
	listGen, stateGen := m.live.listGen, m.live.stateGen
	m.Update(keyPress("p"))
	if !strings.Contains(m.View(), "paused") {
		t.Fatal("no paused marker")
	}
	if _, cmd := m.Update(listTickMsg{gen: listGen}); cmd != nil {
		t.Fatal("the list loop runs while paused")
	}
	if _, cmd := m.Update(stateTickMsg{gen: stateGen}); cmd != nil {
		t.Fatal("the state loop runs while paused")
	}
	_, cmd := m.Update(keyPress("p"))
	if cmd == nil || strings.Contains(m.View(), "⏸") {
		t.Fatal("resuming neither refreshes nor clears the marker")
	}
}

func TestStatePollsUpdateInPlace(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(8))})
	if !m.live.stateRunning || len(m.table.summary.inProgress) != 1 {
		t.Fatalf("state loop %v for %v", m.live.stateRunning, m.table.summary.inProgress)
	}
	uid := m.table.summary.inProgress[0]
	m.Update(statesMsg{gen: m.live.stateGen, results: []stateResult{{uid: uid, state: api.VolumeState{UID: uid, Status: "READY"}}}})
	if v, _ := m.table.Lookup(uid); v.State.Status != "READY" {
		t.Fatalf("status %s after the poll", v.State.Status)
	}
	if m.live.stateRunning || m.spinning && len(m.table.summary.inProgress) == 0 && m.table.spinner != "" {
		t.Fatal("the state loop goes on with nothing in progress")
	}
	if _, cmd := m.Update(stateTickMsg{gen: m.live.stateGen}); cmd != nil {
		t.Fatal("a state tick with nothing in progress sent requests")
	}
}

func TestReadOnlyHidesEveryMutation(t *testing.T) {
	m := newSyntheticModel(t, Options{ReadOnly: true})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(3))})
	for _, k := range []string{"n", "e", "d"} {
		m.Update(keyPress(k))
		if m.modal != nil {
			t.Fatalf("%s opened a form in read-only mode", k)
		}
	}
	m.Update(keyPress("?"))
	view := m.View()
	for _, hidden := range []string{"new", "rename", "delete"} {
		if strings.Contains(view, " "+hidden) {
			t.Errorf("help offers %q in read-only mode", hidden)
		}
	}
}

func TestFormsCancelWithoutSending(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(3))})
	for _, k := range []string{"n", "e", "d"} {
		m.Update(keyPress(k))
		if m.modal == nil {
			t.Fatalf("%s opened no form", k)
		}
		m.Update(keyPress("q")) // typed into the form, not a quit
		if m.modal == nil {
			t.Fatalf("q inside the %s form closed it", k)
		}
		_, cmd := m.Update(keyPress("esc"))
		if m.modal != nil || cmd != nil || !strings.Contains(m.status, "nothing was sent") {
			t.Fatalf("esc did not cancel the %s form cleanly (status %q)", k, m.status)
		}
	}
}

func TestTooSmallAndHelpScreens(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 10})
	if !strings.Contains(m.View(), "tvol needs at least 60×16") {
		t.Fatal("no too-small screen")
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(keyPress("?"))
	if view := m.View(); !strings.Contains(view, "Keys") || !strings.Contains(view, "copy UID") {
		t.Fatal("no help screen")
	}
	m.Update(keyPress("x"))
	if strings.Contains(m.View(), "any key closes this") {
		t.Fatal("help did not close")
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	var clip strings.Builder
	m := newSyntheticModel(t, Options{Clipboard: &clip})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(2))})
	_, cmd := m.Update(keyPress("y"))
	m.Update(cmd())
	if !strings.Contains(clip.String(), "\x1b]52;c;") || !strings.Contains(m.status, "copied vol-000000000000") {
		t.Fatalf("clipboard got %q, status %q", clip.String(), m.status)
	}
}

func TestLostCreateAnswerIsNotResent(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(2))})
	gen := m.live.listGen
	m.creating = true
	_, cmd := m.Update(createdMsg{in: createInput{Name: "x", Size: "1", Resource: "r"}, err: &api.NetworkError{Method: "POST", Path: "/v", Err: errors.New("reset")}})
	if m.modal != nil || m.creating || m.live.listGen != gen+1 || cmd == nil {
		t.Fatal("a lost create answer must refresh, not reopen the form or re-send")
	}
	if !strings.Contains(m.status, "not re-sent") {
		t.Fatalf("status %q does not tell the user", m.status)
	}
	_, _ = m.Update(createdMsg{in: createInput{Name: "x", Size: "1", Resource: "r", Confirm: true}, err: &api.APIError{StatusCode: 400, Message: "name taken"}})
	if m.modal == nil || m.modal.create.Name != "x" || !strings.Contains(m.modal.form.View(), "name taken") {
		t.Fatal("a refused create must reopen the form with what was typed and the server's words")
	}
	if m.modal.create.Confirm {
		t.Fatal("a reopened create form must ask again, not start on Create")
	}
}

func TestLongStuckVolumesAreLeftToTheListRefresh(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	vols := fleet(2)
	vols[0].State = api.State{Status: "REGISTERED", UpdatedAt: api.At(testEpoch.Add(-time.Hour))}
	vols[0].CreatedAt = api.At(testEpoch.Add(-2 * time.Hour))
	vols[1].State = api.State{Status: "PROVISIONING"}
	vols[1].CreatedAt = api.At(testEpoch.Add(-time.Minute))
	m.Update(listPageMsg{gen: m.live.listGen, page: page(vols)})
	if got := m.table.summary.inProgress; len(got) != 1 || got[0] != vols[1].UID {
		t.Fatalf("watched %v; want only the volume that moved recently", got)
	}
	if m.table.summary.byClass[api.ClassInProgress] != 2 || !strings.Contains(m.View(), "◌ 2") {
		t.Fatal("both still count as in progress in the header")
	}
}
