package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// eventsPane is the selected volume's lifecycle, newest first. Loading, empty and failed
// are three different screens.
type eventsPane struct {
	common        *common
	width, height int
	uid           string
	events        []api.Event
	next          string // cursor of the older page; "" when all are here
	loading       bool
	loadingMore   bool
	err           error
	cursor        int // the focused event, which shows its absolute time
	offset        int
	focused       bool
}

func (e *eventsPane) SetSize(w, h int) { e.width, e.height = w, max(1, h) }

// Reset shows the loading screen for a newly selected volume.
func (e *eventsPane) Reset(uid string) {
	if e.uid != uid {
		e.events, e.cursor, e.offset, e.next = nil, 0, 0, ""
	}
	e.uid, e.loading, e.err = uid, true, nil
}

// Apply takes a page answered for the current volume.
func (e *eventsPane) Apply(msg eventsMsg) {
	if msg.uid != e.uid {
		return
	}
	if msg.more {
		e.loadingMore = false
		if msg.err == nil {
			e.events = append(e.events, msg.page.Items...)
			e.next = msg.page.NextCursor
		}
		e.err = msg.err
		return
	}
	e.loading = false
	e.err = msg.err
	if msg.err == nil {
		e.events, e.next = msg.page.Items, msg.page.NextCursor
		e.cursor = min(e.cursor, max(0, len(e.events)-1))
	}
}

// Update scrolls when focused; at the end it asks for the older page.
func (e *eventsPane) Update(msg tea.KeyMsg) (wantMore bool) {
	k := e.common.keys
	switch {
	case key.Matches(msg, k.Up):
		e.cursor--
	case key.Matches(msg, k.Down):
		e.cursor++
	case key.Matches(msg, k.Top):
		e.cursor = 0
	case key.Matches(msg, k.Bottom):
		e.cursor = len(e.events) - 1
	case key.Matches(msg, k.PageUp):
		e.cursor -= e.height
	case key.Matches(msg, k.PageDown):
		e.cursor += e.height
	}
	e.cursor = max(0, min(e.cursor, len(e.events)-1))
	e.scroll()
	if e.cursor >= len(e.events)-1 && e.next != "" && !e.loadingMore {
		e.loadingMore = true
		return true
	}
	return false
}

func (e *eventsPane) scroll() {
	if e.cursor < e.offset {
		e.offset = e.cursor
	}
	if e.cursor >= e.offset+e.height {
		e.offset = e.cursor - e.height + 1
	}
}

func (e *eventsPane) View() string {
	s := e.common.styles
	switch {
	case e.uid == "":
		return s.Muted.Render("no volume selected")
	case e.loading && len(e.events) == 0:
		return s.Muted.Render("loading events…")
	case e.err != nil && len(e.events) == 0:
		return s.Error.Render(fit("could not load: "+clean(e.err.Error()), e.width))
	case len(e.events) == 0:
		return s.Muted.Render("no events yet")
	}
	now := e.common.now()
	var b strings.Builder
	end := min(len(e.events), e.offset+e.height)
	for i := e.offset; i < end; i++ {
		ev := e.events[i]
		when := fitRight(age(ev.CreatedAt.Time, now), 4)
		if e.focused && i == e.cursor {
			when = absolute(ev.CreatedAt.Time, e.common.loc)
		}
		change := ""
		if ev.OldStatus != "" || ev.NewStatus != "" {
			change = statusWithGlyph(s, ev.OldStatus) + " → " + statusWithGlyph(s, ev.NewStatus)
		}
		line := fmt.Sprintf("%s %s %s %s", when, s.Accent.Render(clean(ev.EventType)), change, s.Muted.Render(clean(ev.Reason)))
		if e.focused && i == e.cursor {
			line = s.SelectedRow.Render(fit(line, e.width))
		} else {
			line = fit(line, e.width)
		}
		if i > e.offset {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	if e.loadingMore && end == len(e.events) {
		b.WriteString("\n" + s.Muted.Render("loading older events…"))
	} else if e.err != nil {
		b.WriteString("\n" + s.Error.Render(fit("could not load: "+clean(e.err.Error()), e.width)))
	}
	return b.String()
}

func statusWithGlyph(s *Styles, status string) string {
	if status == "" {
		return s.Muted.Render("—")
	}
	c := api.ClassOf(status)
	return s.Status[c].Render(c.Glyph() + " " + clean(status))
}
