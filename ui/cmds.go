package ui

import (
	"context"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// Messages from the API. Each carries the generation or request ID it answers, so a reply
// that arrives after the world moved on is dropped.
type (
	listPageMsg struct {
		gen  int
		page api.VolumePage
		err  error
	}
	listTickMsg  struct{ gen int }
	stateTickMsg struct{ gen int }
	statesMsg    struct {
		gen     int
		results []stateResult
	}
	stateResult struct {
		uid   string
		state api.VolumeState
		err   error
	}
	eventsMsg struct {
		req  int
		uid  string
		more bool // an older page, to append
		page api.EventPage
		err  error
	}
	selectSettledMsg struct{ seq int }
	clockMsg         struct{}
	createdMsg       struct {
		req int
		op  api.OperationResponse
		in  createInput
		err error
	}
	renamedMsg struct {
		req     int
		uid     string
		name    string
		updated api.Volume
		err     error
	}
	deleteStepMsg struct {
		job   int
		step  deleteStep
		state api.VolumeState
		err   error
	}
	cleanupPollMsg struct{ job int }
	copiedMsg      struct {
		uid string
		err error
	}
)

// fetchListPage asks for one page of the list.
func fetchListPage(ctx context.Context, client *api.Client, gen, limit int, cursor string) tea.Cmd {
	return func() tea.Msg {
		page, err := client.ListVolumes(ctx, api.ListOptions{Limit: limit, Cursor: cursor})
		return listPageMsg{gen: gen, page: page, err: err}
	}
}

// fetchWholeList walks every page in one command, for refreshes after the first load: the
// list changes once, complete, and the event loop gets one message instead of one per page.
// expect is how many volumes the last walk found, so the list is allocated once.
func fetchWholeList(ctx context.Context, client *api.Client, gen, limit, expect int) tea.Cmd {
	return func() tea.Msg {
		vols, err := client.AllVolumes(ctx, api.WalkOptions{Limit: limit, Expect: expect})
		if err != nil {
			return listPageMsg{gen: gen, err: err}
		}
		return listPageMsg{gen: gen, page: api.VolumePage{Items: vols}}
	}
}

// fetchStates asks for the state of each volume in progress, a few at a time, and answers
// once with all of them: K volumes in progress cost K requests per interval.
func fetchStates(ctx context.Context, client *api.Client, gen int, uids []string) tea.Cmd {
	uids = append([]string(nil), uids...)
	return func() tea.Msg {
		results := make([]stateResult, len(uids))
		var wg sync.WaitGroup
		slots := make(chan struct{}, 4)
		for i, uid := range uids {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				st, err := client.GetVolumeState(ctx, uid)
				results[i] = stateResult{uid: uid, state: st, err: err}
			}()
		}
		wg.Wait()
		return statesMsg{gen: gen, results: results}
	}
}

// fetchEvents asks for a page of a volume's events.
func fetchEvents(ctx context.Context, client *api.Client, req int, uid, cursor string, more bool) tea.Cmd {
	return func() tea.Msg {
		page, err := client.ListVolumeEvents(ctx, uid, api.ListOptions{Limit: 50, Cursor: cursor})
		return eventsMsg{req: req, uid: uid, more: more, page: page, err: err}
	}
}

// afterDelay sends msg after d, on a real timer: the default Options.Schedule.
func afterDelay(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}
