package ui

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"log/slog"
	"time"

	"tvol/api"
)

// Options is everything the dashboard needs, ready-made: it never reads files or the
// environment itself.
type Options struct {
	Client          *api.Client
	Profile         string // shown in the header
	Host            string // shown in the header
	RefreshInterval time.Duration
	StateInterval   time.Duration
	Resources       []string // offered by the create form
	ReadOnly        bool     // hide every mutating action
	Protected       bool     // type the name to confirm every delete
	Theme           Theme
	Keys            KeyMap
	Clipboard       io.Writer // where OSC 52 sequences go (the terminal); nil: copying is off
	InTmux          bool      // wrap OSC 52 for tmux
	Now             func() time.Time
	Location        *time.Location // time zone of absolute times
	PageSize        int            // list page size; 0: the largest the server takes
	Logger          *slog.Logger   // UI events for --debug-log; nil logs nothing
	// Schedule sends msg after d. nil: a real timer. Tests pass a fake one, to run a
	// simulated minute of polling in an instant.
	Schedule func(d time.Duration, msg tea.Msg) tea.Cmd
}

func (o Options) withDefaults() Options {
	if o.RefreshInterval <= 0 {
		o.RefreshInterval = 10 * time.Second
	}
	if o.StateInterval <= 0 {
		o.StateInterval = 2 * time.Second
	}
	if len(o.Resources) == 0 {
		o.Resources = []string{"storage-rentals", "h200-small"}
	}
	if o.Keys.Quit.Keys() == nil {
		o.Keys = DefaultKeyMap()
	}
	if o.ReadOnly {
		o.Keys = o.Keys.withReadOnly()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Schedule == nil {
		o.Schedule = afterDelay
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.PageSize <= 0 {
		o.PageSize = api.LargestPage
	}
	return o
}

// common is what every component shares: styles, keys and the clock.
type common struct {
	styles *Styles
	keys   *KeyMap
	now    func() time.Time
	loc    *time.Location
}
