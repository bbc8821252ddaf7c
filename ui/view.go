package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"tvol/api"
)

// wideFrom is the width from which detail and events stand beside the list.
const wideFrom = 130

// layout hands each component its size for the current window and focus.
func (m *Model) layout() {
	body := m.bodyHeight()
	if m.wide() {
		right := max(50, m.width*2/5)
		m.table.SetSize(m.width-right-1, body)
		detailH := min(12, body/2) + 2
		m.detail.SetSize(right-4, detailH-2)
		m.events.SetSize(right-4, body-detailH-2)
		return
	}
	bottom := min(14, body/2)
	m.table.SetSize(m.width, body-bottom)
	m.detail.SetSize(m.width-4, bottom-2)
	m.events.SetSize(m.width-4, bottom-2)
}

func (m *Model) wide() bool { return m.width >= wideFrom }

// bodyHeight is what is left below the two header lines and above the status and key lines.
func (m *Model) bodyHeight() int { return max(1, m.height-4) }

// View draws the whole screen from state; it does no work beyond rendering what is visible.
func (m *Model) View() string {
	if !m.sized {
		return "starting…"
	}
	s := m.common.styles
	if m.width < minWidth || m.height < minHeight {
		return s.Warn.Render(fmt.Sprintf("tvol needs at least %d×%d; this window is %d×%d", minWidth, minHeight, m.width, m.height))
	}
	var body string
	switch {
	case m.modal != nil:
		body = m.centered(s.FocusedPane.Render(m.modal.form.View()))
	case m.showHelp:
		body = m.centered(s.Pane.Render(s.PaneTitle.Render("Keys") + "\n\n" + m.help.FullHelpView(m.common.keys.FullHelp()) +
			"\n\n" + s.Muted.Render("any key closes this")))
	default:
		body = m.bodyView()
	}
	// Every part is already exactly m.width wide, so plain joins do what lipgloss's would,
	// without measuring every line again on each frame.
	return strings.Join([]string{m.headerView(), body, m.statusView(), m.keyHelp}, "\n")
}

func (m *Model) centered(content string) string {
	return lipgloss.Place(m.width, m.bodyHeight(), lipgloss.Center, lipgloss.Center, content)
}

func (m *Model) bodyView() string {
	list := m.listView()
	detail := m.paneView("Detail", m.detail.View(), m.detail.width, m.detail.height, m.focus == paneDetail)
	events := m.paneView("Events", m.events.View(), m.events.width, m.events.height, m.focus == paneEvents)
	if m.wide() {
		left, right := strings.Split(list, "\n"), strings.Split(detail+"\n"+events, "\n")
		var b strings.Builder
		for i := range max(len(left), len(right)) {
			if i > 0 {
				b.WriteByte('\n')
			}
			if i < len(left) {
				b.WriteString(left[i])
			} else {
				b.WriteString(strings.Repeat(" ", m.table.width))
			}
			b.WriteByte(' ')
			if i < len(right) {
				b.WriteString(right[i])
			}
		}
		return b.String()
	}
	if m.focus == paneEvents {
		return list + "\n" + events
	}
	return list + "\n" + detail
}

// listView is the table, or what stands in for it before the first page or when empty.
func (m *Model) listView() string {
	s := m.common.styles
	h := m.table.height + 1
	place := func(text string) string {
		return lipgloss.Place(m.table.width, h, lipgloss.Center, lipgloss.Center, text)
	}
	switch {
	case !m.live.loaded && len(m.table.rows) == 0 && m.live.err != nil:
		return place(s.Error.Render("could not load volumes") + "\n" + s.Muted.Render(describeError(m.live.err, m.opts.Profile)))
	case !m.live.loaded && len(m.table.rows) == 0:
		return place(s.Muted.Render("loading volumes…"))
	case len(m.table.rows) == 0:
		return place(s.Muted.Render("no volumes yet: n creates one"))
	case len(m.table.view) == 0:
		return place(s.Muted.Render(fmt.Sprintf("nothing matches %q: esc clears the filter", m.table.filter)))
	}
	return m.table.View()
}

// paneView draws a bordered pane of exactly (w+4)×(h+2) cells around content. The drawing
// is kept while the content, size and focus stay the same: borders are costly to measure.
func (m *Model) paneView(title, content string, w, h int, focused bool) string {
	key := fmt.Sprint(w, "×", h, focused, "\x00", content)
	if cached, ok := m.panes[title]; ok && cached.key == key {
		return cached.out
	}
	out := m.drawPane(title, content, w, h, focused)
	m.panes[title] = paneDrawing{key: key, out: out}
	return out
}

// paneDrawing is a pane as last drawn, and what it was drawn from.
type paneDrawing struct{ key, out string }

func (m *Model) drawPane(title, content string, w, h int, focused bool) string {
	s := m.common.styles
	style := s.Pane
	if focused {
		style = s.FocusedPane
	}
	lines := strings.Split(content, "\n")
	lines = append([]string{s.PaneTitle.Render(title)}, lines...)
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	return style.Render(strings.Join(lines, "\n"))
}

// headerView: who and where, the fleet by status class, its size and cost, and freshness.
func (m *Model) headerView() string {
	s := m.common.styles
	sum := m.table.summary
	var counts []string
	for _, c := range api.StatusClasses() {
		if n := sum.byClass[c]; n > 0 {
			label := fmt.Sprintf("%s %d", c.Glyph(), n)
			if m.wide() {
				label += " " + c.String()
			}
			counts = append(counts, s.Status[c].Render(label))
		}
	}
	line1 := s.Title.Render("tvol") + " " + s.Accent.Render(clean(m.opts.Profile)) + s.Muted.Render(" @ "+clean(m.opts.Host)) +
		"   " + strings.Join(counts, "  ")

	parts := []string{
		fmt.Sprintf("%d volumes", sum.total),
		api.FormatSize(sum.sizeMiB),
		fmt.Sprintf("%s/h ≈ %s/month", money(sum.costPerHr), money(sum.costPerHr*hoursPerMonth)),
		"sort: " + m.table.SortLabel(),
	}
	switch {
	case m.table.Searching(): // an empty query never waits, so this one has words
		parts = append(parts, fmt.Sprintf("filter %q: searching…", m.table.Query()))
	case m.table.filter != "":
		parts = append(parts, fmt.Sprintf("filter %q: %d shown", m.table.filter, len(m.table.view)))
	}
	now := m.common.now()
	freshness := ""
	switch {
	case m.stale(now):
		freshness = s.Warn.Render("● stale · last updated " + ago(m.live.updatedAt, now))
	case m.live.loaded:
		freshness = s.Muted.Render("updated " + m.updatedAgo(now))
	}
	if m.live.paused {
		freshness = s.Warn.Render("⏸ paused") + "  " + freshness
	}
	line2 := s.Muted.Render(strings.Join(parts, " · ")) + "  " + freshness
	return fit(line1, m.width) + "\n" + fit(line2, m.width)
}

// statusView is the filter being typed, or the last message.
func (m *Model) statusView() string {
	s := m.common.styles
	if m.filtering {
		return fit(m.filter.View(), m.width)
	}
	if m.status == "" {
		return fit("", m.width)
	}
	style := s.OK
	if m.statusErr {
		style = s.Error
	}
	return style.Render(fit(m.status, m.width))
}

// updatedAgo says when the list was last refreshed. Within a refresh interval it says "just
// now": a count of seconds that every refresh resets would redraw the header for nothing, and
// flip back the moment the answer lands.
func (m *Model) updatedAgo(now time.Time) string {
	if now.Sub(m.live.updatedAt) <= m.opts.RefreshInterval+clockEvery {
		return "just now"
	}
	return ago(m.live.updatedAt, now)
}
