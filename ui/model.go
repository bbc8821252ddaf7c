// Package ui is the Bubble Tea dashboard: a small root model that routes messages to the
// focused modal, then to global keys, then to the active pane. It does no I/O itself: API
// calls run in Cmds and come back as messages tagged with a generation or request ID.
package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

type pane int

const (
	paneList pane = iota
	paneDetail
	paneEvents
)

// Minimum usable size; below it the screen says so instead of drawing a broken layout.
const (
	minWidth  = 60
	minHeight = 16
)

// Model is the dashboard's root model. It is used through a pointer: forms write their
// answers into storage it owns.
type Model struct {
	opts      Options
	common    *common
	formTheme *huh.Theme
	ctx       context.Context
	cancel    context.CancelFunc

	width, height int
	sized         bool
	focus         pane
	table         *volumeTable
	detail        *detailPane
	events        *eventsPane
	filter        textinput.Model
	filtering     bool
	help          help.Model
	keyHelp       string // the key help line, drawn once per width: the keys never change
	showHelp      bool
	modal         *formModal
	panes         map[string]paneDrawing // by title
	spinner       spinner.Model
	spinning      bool

	status    string
	statusErr bool

	live      liveState
	selectSeq int // bumped on every selection change; events load once it settles
	eventsReq int // the events request whose answer is wanted
	nextReq   int
	creating  bool            // a create is in flight: no second one until it answers
	unsure    *unsureAction   // an action whose answer was lost, until a refresh shows its outcome
	renaming  map[string]bool // renames in flight, by UID
	jobs      map[int]*deleteJob
}

// New builds the dashboard. The context bounds every request it makes.
func New(ctx context.Context, opts Options) *Model {
	opts = opts.withDefaults()
	keys := opts.Keys
	c := &common{styles: NewStyles(opts.Theme), keys: &keys, now: opts.Now, loc: opts.Location}
	ctx, cancel := context.WithCancel(ctx)
	filter := textinput.New()
	filter.Prompt = "/"
	filter.Placeholder = "filter by name, UID, status, resource, workload"
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(lipgloss.NewStyle()))
	h := help.New()
	h.Styles.ShortKey, h.Styles.FullKey = c.styles.HelpKey, c.styles.HelpKey
	h.Styles.ShortDesc, h.Styles.FullDesc = c.styles.HelpDesc, c.styles.HelpDesc
	formTheme := huh.ThemeBase16()
	if opts.Theme == ThemeDark {
		formTheme = huh.ThemeDracula()
	}
	return &Model{
		opts: opts, common: c, formTheme: formTheme, ctx: ctx, cancel: cancel,
		table: newVolumeTable(c), detail: &detailPane{common: c}, events: &eventsPane{common: c},
		filter: filter, help: h, spinner: sp,
		renaming: map[string]bool{}, jobs: map[int]*deleteJob{}, panes: map[string]paneDrawing{},
	}
}

// Init starts the first list walk and the clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.startWalk(), m.opts.Schedule(clockEvery, clockMsg{}))
}

// Update routes: the open form first, then global keys, then the active pane; sizes go to
// every component.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		if m.modal != nil {
			m.modal.form = m.modal.form.WithWidth(m.formWidth())
			return m, m.updateModal(tea.WindowSizeMsg{Width: m.formWidth(), Height: m.bodyHeight() - 2})
		}
		return m, nil
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		return m, m.handleMouse(msg)
	}
	if cmd, handled := m.handleMsg(msg); handled {
		return m, cmd
	}
	if m.modal != nil { // the form's own messages (focus moves, cursor blinks)
		return m, m.updateModal(msg)
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if m.modal != nil {
		return m.updateModal(msg)
	}
	if m.filtering {
		return m.updateFilter(msg)
	}
	k := m.common.keys
	if m.showHelp && !key.Matches(msg, k.Quit) {
		m.showHelp = false
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.cancel()
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.filter.SetValue(m.table.Query())
		m.filter.CursorEnd()
		return m.filter.Focus()
	case key.Matches(msg, k.Back):
		if m.focus != paneList {
			m.setFocus(paneList)
		} else if m.table.Query() != "" {
			m.table.SetFilter("")
			return m.selectionChanged()
		}
	case key.Matches(msg, k.NextPane):
		m.setFocus((m.focus + 1) % 3)
	case key.Matches(msg, k.Open):
		m.setFocus(paneDetail)
	case key.Matches(msg, k.Refresh):
		m.setStatus("refreshing…", false)
		return m.startWalk()
	case key.Matches(msg, k.Pause):
		return m.togglePause()
	case key.Matches(msg, k.New):
		return m.startCreate()
	case key.Matches(msg, k.Rename):
		return m.startRename()
	case key.Matches(msg, k.Delete):
		return m.startDelete()
	case key.Matches(msg, k.Copy):
		return m.copySelectedUID()
	default:
		return m.updatePane(msg)
	}
	return nil
}

// handleMouse scrolls the list with the wheel (when the config turns the mouse on).
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.modal != nil || m.filtering || msg.Action != tea.MouseActionPress {
		return nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.table.moveTo(m.table.cursor - 1)
	case tea.MouseButtonWheelDown:
		m.table.moveTo(m.table.cursor + 1)
	default:
		return nil
	}
	return m.selectionChanged()
}

// updatePane sends a key to the focused pane.
func (m *Model) updatePane(msg tea.KeyMsg) tea.Cmd {
	switch m.focus {
	case paneEvents:
		if m.events.Update(msg) {
			m.eventsReq = m.nextRequest()
			return fetchEvents(m.ctx, m.opts.Client, m.eventsReq, m.events.uid, m.events.next, true)
		}
	default:
		if m.table.Update(msg) {
			return m.selectionChanged()
		}
	}
	return nil
}

func (m *Model) updateFilter(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.common.keys.Open): // keep the filter, back to the list
		m.filtering = false
		m.filter.Blur()
		return nil
	case key.Matches(msg, m.common.keys.Back): // drop the filter
		m.filtering = false
		m.filter.Blur()
		m.table.SetFilter("")
		return m.selectionChanged()
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	before := m.table.cursorUID
	search := m.table.Filter(m.filter.Value())
	if m.table.cursorUID != before {
		return tea.Batch(cmd, search, m.selectionChanged())
	}
	return tea.Batch(cmd, search)
}

// onSearchDone shows a filter search's answer, if it is still wanted.
func (m *Model) onSearchDone(msg searchDoneMsg) tea.Cmd {
	before := m.table.cursorUID
	redo := m.table.applySearch(msg)
	if m.table.cursorUID != before {
		return tea.Batch(redo, m.selectionChanged())
	}
	return redo
}

func (m *Model) setFocus(p pane) {
	m.focus = p
	m.events.focused = p == paneEvents
	m.layout()
}

func (m *Model) setSize(w, h int) {
	m.width, m.height, m.sized = w, h, true
	m.help.Width = w
	m.keyHelp = fit(m.help.ShortHelpView(m.common.keys.ShortHelp()), w)
	m.filter.Width = max(10, w-4)
	m.layout()
}

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.statusErr = text, isErr
}

func (m *Model) nextRequest() int {
	m.nextReq++
	return m.nextReq
}
