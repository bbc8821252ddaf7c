package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"tvol/internal/suggest"
)

// bindings names each binding as the config's [keys] table does.
func (k *KeyMap) bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "top": &k.Top, "bottom": &k.Bottom, "page_up": &k.PageUp, "page_down": &k.PageDown,
		"open": &k.Open, "next_pane": &k.NextPane, "back": &k.Back, "filter": &k.Filter, "sort": &k.Sort,
		"sort_reverse": &k.SortReverse, "new": &k.New, "rename": &k.Rename, "delete": &k.Delete, "copy": &k.Copy,
		"refresh": &k.Refresh, "pause": &k.Pause, "help": &k.Help, "quit": &k.Quit,
	}
}

// ActionNames lists what [keys] can rebind, sorted.
func ActionNames() []string {
	var k KeyMap
	names := make([]string, 0, 20)
	for name := range k.bindings() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Rebind applies the config's [keys]: each action gets the keys listed, an empty list
// disables it. Help then shows these keys. Two actions on one key is an error naming both.
func (k KeyMap) Rebind(overrides map[string][]string) (KeyMap, error) {
	all := k.bindings()
	names := ActionNames()
	for action, keys := range overrides {
		b, ok := all[action]
		if !ok {
			return k, fmt.Errorf("[keys] %s is not an action%s (actions: %s)", action, suggest.DidYouMean(action, names), strings.Join(names, ", "))
		}
		if len(keys) == 0 {
			b.SetEnabled(false)
			continue
		}
		for _, key := range keys {
			if strings.TrimSpace(key) == "" {
				return k, fmt.Errorf("[keys] %s lists an empty key", action)
			}
		}
		*b = key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(keys, "/"), b.Help().Desc))
	}
	owner := map[string]string{}
	for _, action := range names {
		b := all[action]
		if !b.Enabled() {
			continue
		}
		for _, key := range b.Keys() {
			if other, taken := owner[key]; taken {
				return k, fmt.Errorf("[keys] %q is bound to both %s and %s", key, other, action)
			}
			owner[key] = action
		}
	}
	return k, nil
}
