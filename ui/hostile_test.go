package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"tvol/api"
	"tvol/internal/hostile"
)

// TestHostileServerNeverReachesTheTerminal fills every string the server sends with escape
// sequences and other hostile text, and checks the rendered screen at several sizes, in
// each pane, has none of them and no line wider than the window.
func TestHostileServerNeverReachesTheTerminal(t *testing.T) {
	srv := httptest.NewServer(hostile.Handler())
	defer srv.Close()
	client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: "tgn_x", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page, err := client.ListVolumes(ctx, api.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	events, err := client.ListVolumeEvents(ctx, "vol-hostile", api.ListOptions{}) // hostile UIDs are refused in paths
	if err != nil {
		t.Fatal(err)
	}
	state, err := client.GetVolumeState(ctx, "vol-hostile")
	if err != nil {
		t.Fatal(err)
	}
	_, serverErr := client.GetVolume(ctx, "") // refused before sending; then a hostile 500 body
	_, serverErr2 := client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "x", SizeMiB: 1, ResourceName: "r"})

	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page})
	m.Update(eventsMsg{req: m.eventsReq, uid: m.events.uid, page: events})
	m.Update(statesMsg{gen: m.live.stateGen, results: []stateResult{{uid: state.UID, state: state}}})
	check := func(where string) {
		t.Helper()
		view := m.View()
		for _, bad := range hostile.Forbidden {
			if strings.Contains(view, bad) {
				t.Fatalf("%s: the screen carries %q:\n%q", where, bad, view)
			}
		}
		for i, line := range strings.Split(view, "\n") {
			if w := ansi.StringWidth(line); w > m.width {
				t.Fatalf("%s: line %d is %d cells in a %d-cell window: %q", where, i, w, m.width, line)
			}
		}
		if lines := strings.Count(view, "\n") + 1; lines > m.height {
			t.Fatalf("%s: %d lines in a %d-line window", where, lines, m.height)
		}
	}
	for _, size := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i := range page.Items {
			m.table.moveTo(i)
			m.selectionChanged()
			m.Update(eventsMsg{req: m.eventsReq, uid: m.events.uid, page: events})
			for _, p := range []pane{paneList, paneDetail, paneEvents} {
				m.setFocus(p)
				check("volume " + string(rune('0'+i)))
			}
		}
		m.setFocus(paneList)
		for _, err := range []error{serverErr, serverErr2} {
			m.Update(listPageMsg{gen: m.live.listGen, err: err})
			check("an error from the server")
		}
		m.Update(createdMsg{in: createInput{Name: "x", Size: "1", Resource: "r"}, err: serverErr2})
		check("a form reopened with the server's error")
		m.Update(keyPress("esc"))
	}
}
