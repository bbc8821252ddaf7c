package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tvol/api"
)

func TestDetailShowsEveryField(t *testing.T) {
	d := &detailPane{common: testCommon()}
	d.SetSize(90, 12)
	if !strings.Contains(d.View(), "no volume selected") {
		t.Fatal("an empty detail pane should say so")
	}
	v := fleet(1)[0] // attached, READY
	v.PVCName, v.State.Message = "pvc-vol-000000", "bound to node 7"
	v.UpdatedAt = api.At(testEpoch.Add(-90 * time.Second))
	d.SetVolume(v)
	view := d.View()
	for _, want := range []string{"volume-00000", "vol-000000000000", "● READY — bound to node 7", "1 GiB (1024 MiB)",
		"storage-rentals", "pvc-vol-000000", "$0.0050/h · $0.12/day · $3.65/month", "wrk-000000000000 at /data",
		"2026-03-01 12:00:00 UTC (just now)", "2026-03-01 11:58:30 UTC (1 minute ago)"} {
		if !strings.Contains(view, want) {
			t.Errorf("detail lacks %q:\n%s", want, view)
		}
	}
	v.WorkloadUID = ""
	d.SetVolume(v)
	if !strings.Contains(d.View(), "not attached") {
		t.Error("a detached volume should say so")
	}
}

func TestEventsPaneHasThreeDistinctScreensAndPages(t *testing.T) {
	e := &eventsPane{common: testCommon()}
	e.SetSize(90, 4)
	e.Reset("vol-1")
	if !strings.Contains(e.View(), "loading events…") {
		t.Fatal("no loading screen")
	}
	e.Apply(eventsMsg{uid: "vol-1", err: errors.New("boom")})
	if !strings.Contains(e.View(), "could not load: boom") {
		t.Fatal("no error screen")
	}
	e.Reset("vol-1")
	e.Apply(eventsMsg{uid: "vol-1"})
	if !strings.Contains(e.View(), "no events yet") {
		t.Fatal("no empty screen")
	}
	var items []api.Event
	for i := range 5 {
		items = append(items, api.Event{VolumeUID: "vol-1", EventType: "STATUS_CHANGE", OldStatus: "PROVISIONING", NewStatus: "READY",
			Reason: "reason-" + string(rune('a'+i)), CreatedAt: api.At(testEpoch.Add(-time.Duration(i) * time.Hour))})
	}
	e.Apply(eventsMsg{uid: "vol-1", page: api.EventPage{Items: items, NextCursor: "older"}})
	e.focused = true
	view := e.View()
	if !strings.Contains(view, "◌ PROVISIONING → ● READY") || !strings.Contains(view, "2026-03-01 12:00:00 UTC") {
		t.Fatalf("events view:\n%s", view)
	}
	if e.Apply(eventsMsg{uid: "vol-other", page: api.EventPage{}}); len(e.events) != 5 {
		t.Fatal("an answer for another volume replaced the timeline")
	}
	wantMore := false
	for range 5 {
		wantMore = e.Update(keyPress("j")) || wantMore
	}
	if !wantMore || !strings.Contains(e.View(), "loading older events…") {
		t.Fatal("scrolling to the end does not ask for the older page")
	}
	if e.Update(keyPress("j")) {
		t.Fatal("asked twice for the same older page")
	}
	e.Apply(eventsMsg{uid: "vol-1", more: true, page: api.EventPage{Items: items[:2]}})
	if len(e.events) != 7 || e.next != "" {
		t.Fatalf("%d events and cursor %q after the older page", len(e.events), e.next)
	}
}

func TestEventsLoadOnceTheCursorRests(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(10))})
	m.Update(keyPress("j"))
	stale := m.selectSeq
	m.Update(keyPress("j"))
	if _, cmd := m.Update(selectSettledMsg{seq: stale}); cmd != nil {
		t.Fatal("events loaded for a volume the cursor already left")
	}
	if _, cmd := m.Update(selectSettledMsg{seq: m.selectSeq}); cmd == nil {
		t.Fatal("no events load once the cursor rests")
	}
	before := m.eventsReq
	m.Update(eventsMsg{req: before - 1, uid: m.events.uid, page: api.EventPage{Items: []api.Event{{EventType: "OLD"}}}})
	if len(m.events.events) != 0 {
		t.Fatal("an outdated events answer was shown")
	}
}
