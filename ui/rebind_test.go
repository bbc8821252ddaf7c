package ui

import (
	"strings"
	"testing"
)

func TestRebindShowsInHelpAndRefusesConflicts(t *testing.T) {
	k, err := DefaultKeyMap().Rebind(map[string][]string{"delete": {"x", "delete"}, "copy": {}})
	if err != nil {
		t.Fatal(err)
	}
	if k.Copy.Enabled() || !keyMatches(k.Delete, "x") || keyMatches(k.Delete, "d") || k.Delete.Help().Key != "x/delete" {
		t.Fatalf("rebinding: delete %v (%q), copy enabled %v", k.Delete.Keys(), k.Delete.Help().Key, k.Copy.Enabled())
	}
	m := newSyntheticModel(t, Options{Keys: k})
	m.Update(keyPress("?"))
	if view := m.View(); !strings.Contains(view, "x/delete") || strings.Contains(view, "copy UID") {
		t.Fatalf("help does not show the user's bindings:\n%s", view)
	}
	for overrides, want := range map[string]map[string][]string{
		`"j" is bound to both down and refresh`:           {"refresh": {"j"}},
		`dlete is not an action (did you mean "delete"?)`: {"dlete": {"x"}},
		"lists an empty key":                              {"quit": {""}},
	} {
		if _, err := DefaultKeyMap().Rebind(want); err == nil || !strings.Contains(err.Error(), overrides) {
			t.Errorf("got %v, want %q", err, overrides)
		}
	}
}

func keyMatches(b interface{ Keys() []string }, k string) bool {
	for _, have := range b.Keys() {
		if have == k {
			return true
		}
	}
	return false
}
