package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// clockEvery is how often relative times and change marks are looked at. Frames that come
// out the same are not written, so an idle dashboard writes nothing.
const clockEvery = time.Second

// firstLoadShowEvery is how often a first load in many pages shows what has come so far.
const firstLoadShowEvery = 200 * time.Millisecond

// maxBackoff caps the wait between list refreshes while the server keeps failing.
const maxBackoff = 2 * time.Minute

// liveState is the bookkeeping of the two polling loops: one walk of the whole list per
// refresh interval, and state polls of the volumes in progress. Each loop has a generation;
// a tick or an answer of an older generation is dropped, so no key ever doubles a loop.
type liveState struct {
	listGen    int
	walkCtx    context.Context
	walkCancel context.CancelFunc
	walk       []api.Volume
	walkSeen   map[string]bool
	loaded     bool // a whole walk has completed at least once
	updatedAt  time.Time
	err        error // the last failure, until a walk succeeds
	failures   int   // consecutive failed walks, for the back-off
	paused     bool
	shownAt    time.Time // when the first load last showed what had come

	stateGen     int
	stateRunning bool
}

// stale reports whether what is shown is older than it should be: the last refresh failed,
// or none has come back for two intervals (a server that stops answering fails no request
// until its timeout; the marker should not wait for that).
func (m *Model) stale(now time.Time) bool {
	l := &m.live
	return l.loaded && !l.paused && (l.err != nil || now.Sub(l.updatedAt) > 2*m.opts.RefreshInterval)
}

// startWalk begins a fresh walk of the list, cancelling any walk still in flight so that a
// slow answer never overlaps the next request.
func (m *Model) startWalk() tea.Cmd {
	if m.live.walkCancel != nil {
		m.live.walkCancel()
	}
	m.live.listGen++
	m.live.walkCtx, m.live.walkCancel = context.WithCancel(m.ctx)
	m.live.walk, m.live.walkSeen = nil, nil
	if m.live.loaded {
		return fetchWholeList(m.live.walkCtx, m.opts.Client, m.live.listGen, m.opts.PageSize, len(m.table.rows))
	}
	m.live.walkSeen = map[string]bool{} // a walk page by page watches its own cursors
	return fetchListPage(m.live.walkCtx, m.opts.Client, m.live.listGen, m.opts.PageSize, "")
}

func (m *Model) onListPage(msg listPageMsg) tea.Cmd {
	if msg.gen != m.live.listGen {
		return nil
	}
	if msg.err != nil {
		return m.walkFailed(msg.err)
	}
	now := m.common.now()
	if m.live.walk == nil { // a whole refresh comes in one message: take its list as it is
		m.live.walk = msg.page.Items
	} else {
		m.live.walk = append(m.live.walk, msg.page.Items...)
	}
	hadSelection := m.table.cursorUID != ""
	if next := msg.page.NextCursor; next != "" {
		if m.live.walkSeen[next] {
			return m.walkFailed(&api.CursorRepeatError{Cursor: next, Page: len(m.live.walkSeen) + 1})
		}
		m.live.walkSeen[next] = true
		var cmds []tea.Cmd
		// First load: show the first page at once, then what has come at most every
		// firstLoadShowEvery; showing each of a hundred pages would redo the view a hundred
		// times over a growing list.
		if !m.live.loaded && (!hadSelection || now.Sub(m.live.shownAt) >= firstLoadShowEvery) {
			m.live.shownAt = now
			m.table.SetVolumes(m.live.walk, now, false)
			if !hadSelection {
				cmds = append(cmds, m.selectionChanged())
			}
		}
		cmds = append(cmds, fetchListPage(m.live.walkCtx, m.opts.Client, msg.gen, m.opts.PageSize, next))
		return tea.Batch(cmds...)
	}
	m.table.SetVolumes(m.live.walk, now, m.live.loaded)
	m.live.walk, m.live.walkSeen = nil, nil
	m.live.walkCancel()
	wasStale := m.live.err != nil
	m.live.loaded, m.live.updatedAt, m.live.err, m.live.failures = true, now, nil, 0
	if m.unsure != nil {
		m.setStatus(m.unsure.outcome(m.table), false)
		m.unsure = nil
	} else if wasStale {
		m.setStatus("reconnected: the list is up to date again", false)
	} else if m.status == "refreshing…" {
		m.setStatus("", false)
	}
	cmds := []tea.Cmd{m.ensureStateLoop(), m.ensureSpinner(), m.selectionChanged()}
	if !m.live.paused {
		cmds = append(cmds, m.opts.Schedule(m.opts.RefreshInterval, listTickMsg{gen: msg.gen}))
	}
	return tea.Batch(cmds...)
}

// walkFailed keeps the last good data, says what went wrong and when it will try again, and
// backs off: the interval, doubled per consecutive failure, up to maxBackoff.
func (m *Model) walkFailed(err error) tea.Cmd {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	m.live.err = err
	m.live.failures++
	m.opts.Logger.Warn("list refresh failed", "error", err.Error(), "failures", m.live.failures)
	wait := min(maxBackoff, m.opts.RefreshInterval<<min(m.live.failures-1, 10))
	text := fmt.Sprintf("%s · retrying in %s", describeError(err, m.opts.Profile), wait.Round(time.Second))
	if m.unsure != nil { // keep saying that an action's outcome is unknown
		text = fmt.Sprintf("no clear answer to %s yet (not re-sent) · %s", m.unsure.what, text)
	}
	m.setStatus(text, true)
	if m.live.paused {
		return nil
	}
	return m.opts.Schedule(wait, listTickMsg{gen: m.live.listGen})
}

// describeError says what failed and, where it can, what to do about it.
func describeError(err error, profile string) string {
	var apiErr *api.APIError
	switch {
	case api.IsUnauthorized(err):
		return fmt.Sprintf("the API key was refused (401): check the key of profile %q", profile)
	case api.IsForbidden(err):
		return "the key is not allowed to do this (403): check its access"
	case api.IsGone(err):
		return "this API version has been retired by the server (410): a newer tvol is needed"
	case errors.As(err, &apiErr):
		return clean(apiErr.Error())
	default:
		return clean(err.Error())
	}
}

func (m *Model) onListTick(msg listTickMsg) tea.Cmd {
	if msg.gen != m.live.listGen || m.live.paused {
		return nil
	}
	return m.startWalk()
}

// ensureStateLoop starts polling states when volumes are in progress and no loop runs.
func (m *Model) ensureStateLoop() tea.Cmd {
	if m.live.paused || m.live.stateRunning || len(m.table.summary.inProgress) == 0 {
		return nil
	}
	m.live.stateRunning = true
	m.live.stateGen++
	return m.opts.Schedule(m.opts.StateInterval, stateTickMsg{gen: m.live.stateGen})
}

func (m *Model) onStateTick(msg stateTickMsg) tea.Cmd {
	if msg.gen != m.live.stateGen {
		return nil
	}
	uids := m.table.summary.inProgress
	if len(uids) == 0 || m.live.paused {
		m.live.stateRunning = false
		return nil
	}
	return fetchStates(m.ctx, m.opts.Client, msg.gen, uids)
}

func (m *Model) onStates(msg statesMsg) tea.Cmd {
	if msg.gen != m.live.stateGen {
		return nil
	}
	selected, _ := m.table.Selected()
	selectedChanged := false
	var states []api.VolumeState
	var gone []string
	for _, r := range msg.results {
		switch {
		case api.IsNotFound(r.err):
			gone = append(gone, r.uid)
			selectedChanged = selectedChanged || r.uid == selected.UID
		case r.err == nil:
			states = append(states, r.state)
			selectedChanged = selectedChanged || (r.uid == selected.UID && selected.State.Status != r.state.Status)
		}
	}
	m.table.ApplyStates(states, gone, m.common.now())
	m.live.stateRunning = false
	cmds := []tea.Cmd{m.ensureStateLoop(), m.ensureSpinner(), m.selectionChanged()}
	if selected.UID != "" && (selectedChanged || api.ClassOf(selected.State.Status) == api.ClassInProgress) {
		cmds = append(cmds, m.loadEvents()) // the timeline follows a volume in progress
	}
	return tea.Batch(cmds...)
}

// togglePause stops or resumes both loops; a resumed dashboard refreshes at once.
func (m *Model) togglePause() tea.Cmd {
	m.live.paused = !m.live.paused
	m.opts.Logger.Info("live updates", "paused", m.live.paused)
	if m.live.paused {
		if m.live.walkCancel != nil {
			m.live.walkCancel()
		}
		m.live.listGen++
		m.live.stateGen++
		m.live.stateRunning = false
		m.setStatus("live updates paused: p resumes", false)
		return nil
	}
	m.setStatus("live updates resumed", false)
	return tea.Batch(m.startWalk(), m.ensureStateLoop())
}

// ensureSpinner animates rows in progress, and only while there are some.
func (m *Model) ensureSpinner() tea.Cmd {
	if m.spinning || len(m.table.summary.inProgress) == 0 {
		return nil
	}
	m.spinning = true
	return m.opts.Schedule(m.spinner.Spinner.FPS, spinner.TickMsg{ID: m.spinner.ID()})
}

func (m *Model) onSpinner(msg spinner.TickMsg) tea.Cmd {
	if len(m.table.summary.inProgress) == 0 {
		m.spinning = false
		m.table.spinner = ""
		return nil
	}
	// The spinner's own tick runs on a real timer; the next frame is scheduled like every
	// other timer here, so a fake schedule drives it too.
	m.spinner, _ = m.spinner.Update(msg)
	m.table.spinner = m.spinner.View()
	return m.opts.Schedule(m.spinner.Spinner.FPS, spinner.TickMsg{ID: m.spinner.ID()})
}

// selectionChanged shows the selected volume's fresh data at once; when the selection moved
// to another volume, its events load once the cursor rests.
func (m *Model) selectionChanged() tea.Cmd {
	v, ok := m.table.Selected()
	if !ok {
		m.detail.Clear()
		m.events.Reset("")
		m.events.loading = false
		return nil
	}
	m.detail.SetVolume(v)
	if v.UID == m.events.uid {
		return nil
	}
	m.events.Reset(v.UID)
	m.selectSeq++
	return m.opts.Schedule(150*time.Millisecond, selectSettledMsg{seq: m.selectSeq})
}

func (m *Model) loadEvents() tea.Cmd {
	if m.events.uid == "" {
		return nil
	}
	m.eventsReq = m.nextRequest()
	return fetchEvents(m.ctx, m.opts.Client, m.eventsReq, m.events.uid, "", false)
}
