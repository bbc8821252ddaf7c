package ui

import (
	"context"
	"net/http/httptest"
	"regexp"
	"sort"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
	"tvol/api/sim"
)

// scheduledMsg is a timer the fake schedule holds instead of waiting for.
type scheduledMsg struct {
	after time.Duration
	msg   tea.Msg
}

// simulatedTime drives a dashboard on a fake clock shared with the simulator: timers are
// queued and fired in order of their due time, and every other Cmd (the API calls) runs at
// once. A minute of polling takes milliseconds.
type simulatedTime struct {
	t     *testing.T
	m     *Model
	clock *sim.FakeClock
	queue []struct {
		at  time.Time
		msg tea.Msg
	}
	frames []frame // when not nil, the screen after every message
}

// frame is what the screen showed at a moment.
type frame struct {
	at   time.Time
	view string
}

func (s *simulatedTime) update(msg tea.Msg) tea.Cmd {
	_, cmd := s.m.Update(msg)
	if s.frames != nil {
		s.frames = append(s.frames, frame{s.clock.Now(), s.m.View()})
	}
	return cmd
}

func (s *simulatedTime) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			s.run(c)
		}
	case scheduledMsg:
		s.queue = append(s.queue, struct {
			at  time.Time
			msg tea.Msg
		}{s.clock.Now().Add(msg.after), msg.msg})
	case nil:
	default:
		s.run(s.update(msg))
	}
}

// advance fires every timer due within d, in order, moving the clock to each.
func (s *simulatedTime) advance(d time.Duration) {
	end := s.clock.Now().Add(d)
	for {
		sort.SliceStable(s.queue, func(i, j int) bool { return s.queue[i].at.Before(s.queue[j].at) })
		if len(s.queue) == 0 || s.queue[0].at.After(end) {
			break
		}
		next := s.queue[0]
		s.queue = s.queue[1:]
		if wait := next.at.Sub(s.clock.Now()); wait > 0 {
			s.clock.Advance(wait)
		}
		s.run(s.update(next.msg))
	}
	if wait := end.Sub(s.clock.Now()); wait > 0 {
		s.clock.Advance(wait)
	}
}

func startSimulatedTime(t *testing.T, cfg sim.Config) (*simulatedTime, *sim.Server) {
	t.Helper()
	clock := sim.NewFakeClock(testEpoch)
	cfg.Clock = clock
	server, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // the seeded fleet has settled
	srv := httptest.NewServer(server)
	t.Cleanup(srv.Close)
	client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: sim.DefaultKey, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	m := New(context.Background(), Options{Client: client, Now: clock.Now, Location: time.UTC,
		Schedule: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return func() tea.Msg { return scheduledMsg{after: d, msg: msg} }
		}})
	s := &simulatedTime{t: t, m: m, clock: clock}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	s.run(m.Init())
	return s, server
}

type requestCounts struct{ list, state, events, other int }

func countRequests(server *sim.Server) requestCounts {
	var c requestCounts
	for _, r := range server.Requests() {
		switch r.Route {
		case "GET /volumes":
			c.list++
		case "GET /volumes/{uid}/state":
			c.state++
		case "GET /volumes/{uid}/events":
			c.events++
		default:
			c.other++
		}
	}
	return c
}

func (c requestCounts) minus(o requestCounts) requestCounts {
	return requestCounts{c.list - o.list, c.state - o.state, c.events - o.events, c.other - o.other}
}

// relativeTimes matches what may tick on a quiet screen: ages and "… ago" labels.
var relativeTimes = regexp.MustCompile(`\s*(\d+(s|m|h|d|mo|y)|\d+ (second|minute|hour|day|week|month|year)s?|just now)( ago)?\b`)

// withoutTimes is a screen with its relative times blanked and its runs of spaces made one
// (a shorter label pads differently).
func withoutTimes(view string) string {
	return spaces.ReplaceAllString(relativeTimes.ReplaceAllString(view, " T"), " ")
}

var spaces = regexp.MustCompile(` +`)

// TestPollingIsLean counts the simulator's requests over a simulated minute: with nothing in
// progress, one list walk per refresh interval and nothing else; with K volumes in progress,
// K state requests per state interval and still one list walk per interval.
func TestPollingIsLean(t *testing.T) {
	t.Run("nothing in progress", func(t *testing.T) {
		s, server := startSimulatedTime(t, sim.Config{Volumes: 300, Seed: 12})
		s.advance(time.Second) // first walk, selection, its events
		before := countRequests(server)
		s.advance(time.Minute)
		got := countRequests(server).minus(before)
		if got != (requestCounts{list: 6}) {
			t.Fatalf("in a quiet minute: %+v; want 6 list walks (one page each) and nothing else", got)
		}
		if s.m.spinning {
			t.Fatal("the spinner runs with nothing in progress")
		}
	})
	t.Run("a quiet screen", func(t *testing.T) {
		s, _ := startSimulatedTime(t, sim.Config{Volumes: 300, Seed: 12})
		s.advance(time.Second)
		s.frames = []frame{{s.clock.Now(), s.m.View()}}
		s.advance(time.Minute)
		changes := map[int64]int{} // per second of the minute
		for i := 1; i < len(s.frames); i++ {
			if s.frames[i].view != s.frames[i-1].view {
				changes[s.frames[i].at.Unix()]++
			}
			if withoutTimes(s.frames[i].view) != withoutTimes(s.frames[0].view) {
				t.Fatalf("at +%s something besides a relative time changed on a quiet screen:\n%s\n---- was ----\n%s",
					s.frames[i].at.Sub(s.frames[0].at), s.frames[i].view, s.frames[0].view)
			}
		}
		for sec, n := range changes {
			if n > 1 {
				t.Fatalf("the screen changed %d times within one second (%s)", n, time.Unix(sec, 0).UTC())
			}
		}
		if len(s.frames) < 60 {
			t.Fatalf("only %d frames in a minute: the clock did not tick", len(s.frames))
		}
	})
	t.Run("three in progress", func(t *testing.T) {
		s, server := startSimulatedTime(t, sim.Config{Volumes: 300, Seed: 12,
			Lifecycle: sim.Lifecycle{ProvisionDelay: time.Hour}})
		for _, name := range []string{"a", "b", "c"} {
			server.Store().Create(sim.AccountID(sim.DefaultKey), api.CreateVolumeRequest{Name: name, SizeMiB: 1024, ResourceName: "storage-rentals"})
		}
		s.advance(11 * time.Second) // the walk at +10s finds them; state polls start at +12s
		s.m.Update(keyPress("G"))   // watch a settled volume: its timeline needs no refreshing
		s.advance(time.Second)
		before := countRequests(server)
		s.advance(time.Minute)
		got := countRequests(server).minus(before)
		if got != (requestCounts{list: 6, state: 3 * 30}) {
			t.Fatalf("in a minute with 3 volumes in progress: %+v; want 6 list walks and 90 state requests", got)
		}
	})
}
