package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding of the dashboard. Help is generated from it, so a rebound or
// disabled key shows as the user set it.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Open, NextPane, Back                    key.Binding
	Filter, Sort, SortReverse               key.Binding
	New, Rename, Delete                     key.Binding
	Copy, Refresh, Pause                    key.Binding
	Help, Quit                              key.Binding
}

// DefaultKeyMap is the bindings of product.md.
func DefaultKeyMap() KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
	}
	k := KeyMap{
		Up:          b("up", "up", "k"),
		Down:        b("down", "down", "j"),
		Top:         b("top", "g", "home"),
		Bottom:      b("bottom", "G", "end"),
		PageUp:      b("page up", "pgup", "ctrl+b"),
		PageDown:    b("page down", "pgdown", "ctrl+f"),
		Open:        b("detail", "enter"),
		NextPane:    b("next pane", "tab"),
		Back:        b("back", "esc"),
		Filter:      b("filter", "/"),
		Sort:        b("sort", "s"),
		SortReverse: b("reverse", "S"),
		New:         b("new", "n"),
		Rename:      b("rename", "e"),
		Delete:      b("delete", "d"),
		Copy:        b("copy UID", "y"),
		Refresh:     b("refresh", "r"),
		Pause:       b("pause", "p"),
		Help:        b("help", "?"),
		Quit:        b("quit", "q", "ctrl+c"),
	}
	k.Up.SetHelp("↑/k", "up")
	k.Down.SetHelp("↓/j", "down")
	k.Quit.SetHelp("q", "quit")
	return k
}

// withReadOnly disables every mutating binding, so neither keys nor help offer them.
func (k KeyMap) withReadOnly() KeyMap {
	k.New.SetEnabled(false)
	k.Rename.SetEnabled(false)
	k.Delete.SetEnabled(false)
	return k
}

// ShortHelp is the footer's one line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Sort, k.New, k.Rename, k.Delete, k.Refresh, k.Pause, k.Help, k.Quit}
}

// FullHelp is the help screen, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Open, k.NextPane, k.Back, k.Filter, k.Sort, k.SortReverse},
		{k.New, k.Rename, k.Delete, k.Copy},
		{k.Refresh, k.Pause, k.Help, k.Quit},
	}
}
