package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"tvol/api"
)

func newTestTable(n int) *volumeTable {
	t := newVolumeTable(testCommon())
	t.SetSize(140, 21)
	t.SetVolumes(fleet(n), testEpoch, false)
	return t
}

func TestCursorStaysOnItsVolume(t *testing.T) {
	tbl := newTestTable(50)
	for range 5 {
		tbl.Update(keyPress("j"))
	}
	want, _ := tbl.Selected()
	// A refresh that adds volumes in front, a sort and a filter keep the same volume selected.
	more := append(fleet(50), api.Volume{UID: "vol-newnewnewnew", Name: "brand-new", CreatedAt: api.At(testEpoch.Add(time.Minute))})
	tbl.SetVolumes(more, testEpoch, true)
	if got, _ := tbl.Selected(); got.UID != want.UID {
		t.Fatalf("after a refresh the cursor is on %s, want %s", got.UID, want.UID)
	}
	tbl.Update(keyPress("s"))
	tbl.Update(keyPress("S"))
	if got, _ := tbl.Selected(); got.UID != want.UID {
		t.Fatalf("after sorting the cursor is on %s, want %s", got.UID, want.UID)
	}
	tbl.SetFilter("volume-0000")
	if got, _ := tbl.Selected(); got.UID != want.UID {
		t.Fatalf("after filtering the cursor is on %s, want %s", got.UID, want.UID)
	}
}

func TestVanishedVolumeHandsTheCursorToItsNeighbour(t *testing.T) {
	tbl := newTestTable(30)
	for range 10 {
		tbl.Update(keyPress("j"))
	}
	gone, _ := tbl.Selected()
	vols := fleet(30)
	var kept []api.Volume
	var neighbour string
	for i, v := range vols {
		if v.UID == gone.UID {
			neighbour = vols[i+1].UID
			continue
		}
		kept = append(kept, v)
	}
	tbl.SetVolumes(kept, testEpoch, true)
	if got, _ := tbl.Selected(); got.UID != neighbour {
		t.Fatalf("cursor on %s, want the neighbour %s (not the top)", got.UID, neighbour)
	}
	tbl.Remove(neighbour)
	if got, _ := tbl.Selected(); got.UID == vols[0].UID || got.UID == neighbour {
		t.Fatalf("after Remove the cursor is on %s", got.UID)
	}
}

func TestSortByEveryColumnAndReverse(t *testing.T) {
	tbl := newTestTable(40)
	for range columnCount {
		tbl.Update(keyPress("s"))
		for _, desc := range []bool{false, true} {
			tbl.sortDesc = desc
			tbl.refreshView()
			for i := 1; i < len(tbl.view); i++ {
				c := compareRows(tbl.rows[tbl.view[i-1]], tbl.rows[tbl.view[i]], tbl.sortBy)
				if (!desc && c > 0) || (desc && c < 0) {
					t.Fatalf("sort by %s (desc %v) out of order at %d", tbl.SortLabel(), desc, i)
				}
			}
		}
	}
	if !strings.Contains(tbl.View(), "↓") {
		t.Fatal("the active sort is not shown in the column header")
	}
}

func TestFuzzyFilterSearchesEveryNamedField(t *testing.T) {
	tbl := newTestTable(100)
	for query, want := range map[string]string{
		"volume-00042":     "vol-000000000042",
		"vol-000000000077": "vol-000000000077",
		"wrk-000000000099": "vol-000000000099",
	} {
		tbl.SetFilter(query)
		found := false
		for _, i := range tbl.view {
			found = found || tbl.rows[i].vol.UID == want
		}
		if !found {
			t.Errorf("filter %q does not find %s", query, want)
		}
	}
	tbl.SetFilter("provisioning")
	for _, i := range tbl.view {
		if tbl.rows[i].vol.State.Status != "PROVISIONING" {
			t.Fatalf("filter by status let %s through", tbl.rows[i].vol.State.Status)
		}
	}
	tbl.SetFilter("h200")
	if len(tbl.view) != 50 {
		t.Fatalf("filter by resource kept %d of 100, want 50", len(tbl.view))
	}
	tbl.SetFilter("zzzzzz")
	if _, ok := tbl.Selected(); ok || len(tbl.view) != 0 {
		t.Fatal("a filter that matches nothing still selects something")
	}
}

func TestColumnsGiveWayInNarrowWindows(t *testing.T) {
	tbl := newTestTable(10)
	for width, mustDrop := range map[int][]column{140: nil, 100: {colWorkload}, 80: {colWorkload, colUID}, 60: {colWorkload, colUID, colResource}} {
		tbl.SetSize(width, 10)
		for _, line := range strings.Split(tbl.View(), "\n") {
			if w := len([]rune(line)); w > width {
				t.Fatalf("at width %d a line is %d wide: %q", width, w, line)
			}
		}
		for _, c := range mustDrop {
			if strings.Contains(strings.Split(tbl.View(), "\n")[0], columnSpecs()[c].title) {
				t.Errorf("at width %d the %s column should have gone", width, columnSpecs()[c].title)
			}
		}
		for _, c := range []column{colName, colStatus} {
			if !strings.Contains(strings.Split(tbl.View(), "\n")[0], columnSpecs()[c].title) {
				t.Errorf("at width %d the %s column is missing", width, columnSpecs()[c].title)
			}
		}
	}
}

func TestViewRendersOnlyTheVisibleRows(t *testing.T) {
	tbl := newTestTable(100000)
	lines := strings.Split(tbl.View(), "\n")
	if len(lines) != 21 {
		t.Fatalf("%d lines for a 21-line table of 100,000 volumes", len(lines))
	}
	tbl.Update(keyPress("G"))
	if !strings.Contains(tbl.View(), "volume-99999") || strings.Contains(tbl.View(), "volume-00000") {
		t.Fatal("G does not scroll to the last volume")
	}
}

func TestChangedRowsAreMarkedForAFewSeconds(t *testing.T) {
	c := testCommon()
	now := testEpoch
	c.now = func() time.Time { return now }
	tbl := newVolumeTable(c)
	tbl.SetSize(140, 10)
	vols := fleet(5)
	tbl.SetVolumes(vols, now, false)
	if strings.Contains(tbl.View(), "▲") {
		t.Fatal("the first load marks rows")
	}
	vols[2].State.Status = "FAILED"
	tbl.SetVolumes(vols, now, true)
	view := tbl.View()
	if strings.Count(view, "▲") != 1 || !strings.Contains(view, "▲ volume-00002") {
		t.Fatalf("the changed row is not marked:\n%s", view)
	}
	now = now.Add(changeMarkFor)
	if strings.Contains(tbl.View(), "▲") {
		t.Fatal("the mark outlived its time")
	}
}

func TestHostileStringsNeverReachTheTerminal(t *testing.T) {
	tbl := newVolumeTable(testCommon())
	tbl.SetSize(140, 5)
	tbl.SetVolumes([]api.Volume{{
		UID: "vol-\x1b[2Jevil", Name: "a\x1b]0;pwned\x07b\x1b]52;c;Zm9v\x07\r\nc\u202ed", ResourceName: "\x1b[31mred",
		State: api.State{Status: "READY\x07"}, WorkloadUID: "wrk-\x9b1m",
	}}, testEpoch, false)
	view := tbl.View()
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u202e", "\x9b"} {
		if strings.Contains(view, bad) {
			t.Fatalf("the view carries %q:\n%q", bad, view)
		}
	}
	if len(strings.Split(view, "\n")) != 5 {
		t.Fatal("a line break in a name broke the row")
	}
}

func TestScrollPositionFollowsTheTopVolume(t *testing.T) {
	tbl := newTestTable(200)
	for range 40 {
		tbl.Update(keyPress("j"))
	}
	top := tbl.rows[tbl.view[tbl.offset]].vol.UID
	sel, _ := tbl.Selected()
	more := fleet(200)
	for i := range 5 {
		more = append(more, api.Volume{UID: "vol-new00000000" + string(rune('a'+i)), Name: "new", CreatedAt: api.At(testEpoch.Add(time.Hour))})
	}
	tbl.SetVolumes(more, testEpoch, true)
	if got := tbl.rows[tbl.view[tbl.offset]].vol.UID; got != top {
		t.Fatalf("the top row changed from %s to %s: the view jumped", top, got)
	}
	if got, _ := tbl.Selected(); got.UID != sel.UID {
		t.Fatal("the selection moved")
	}
}

func TestRefreshInAnotherOrderFindsEveryVolumeAgain(t *testing.T) {
	tbl := newTestTable(40)
	for range 7 {
		tbl.Update(keyPress("j"))
	}
	selected, _ := tbl.Selected()
	vols := fleet(40)
	slices.Reverse(vols)
	vols[5].Name = "renamed-meanwhile"
	tbl.SetVolumes(vols, testEpoch, true)
	for _, v := range vols {
		if got, ok := tbl.Lookup(v.UID); !ok || got != v {
			t.Fatalf("after a reordered refresh, %s looks up as %+v", v.UID, got)
		}
	}
	if got, _ := tbl.Selected(); got.UID != selected.UID {
		t.Fatalf("the cursor moved to %s, want %s", got.UID, selected.UID)
	}
	tbl.ApplyState(api.VolumeState{UID: vols[9].UID, Status: "DELETING"}, testEpoch)
	if got, _ := tbl.Lookup(vols[9].UID); got.State.Status != "DELETING" {
		t.Fatalf("a state update reached the wrong row: %s is %s", vols[9].UID, got.State.Status)
	}
	// An identical refresh changes nothing and keeps the summary current.
	before := viewUIDs(tbl)
	tbl.SetVolumes(vols, testEpoch, true)
	if !slices.Equal(viewUIDs(tbl), before) || tbl.summary.total != 40 {
		t.Fatal("an identical refresh changed the view")
	}
}

// TestRefreshesWithEditsKeepEveryRowRight refreshes with volumes added, removed, changed and
// moved at random, and checks each time that every volume is found with its own data and that
// exactly the new and changed ones are marked.
func TestRefreshesWithEditsKeepEveryRowRight(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vols := fleet(200)
	tbl := newTestTable(0)
	tbl.SetVolumes(vols, testEpoch, false)
	for round := range 40 {
		now := testEpoch.Add(time.Duration(round+1) * time.Minute)
		next := slices.Clone(vols)
		changed := map[string]bool{}
		for range r.IntN(6) {
			switch i := r.IntN(len(next)); r.IntN(5) {
			case 0: // a new volume
				v := api.Volume{UID: fmt.Sprintf("vol-new%04d%05d", round, i), Name: "new", CreatedAt: api.At(now)}
				next = slices.Insert(next, i, v)
				changed[v.UID] = true
			case 1: // one gone
				delete(changed, next[i].UID)
				next = slices.Delete(next, i, i+1)
			case 2: // one renamed
				next[i].Name += "-x"
				changed[next[i].UID] = true
			case 3: // two swap places
				j := r.IntN(len(next))
				next[i], next[j] = next[j], next[i]
			case 4: // a new volume at the end, as the next page of a first load
				v := api.Volume{UID: fmt.Sprintf("vol-end%04d%05d", round, i), Name: "end", CreatedAt: api.At(now)}
				next = append(next, v)
				changed[v.UID] = true
			}
		}
		tbl.SetVolumes(next, now, true)
		if len(tbl.rows) != len(next) || len(tbl.byUID) != len(next) {
			t.Fatalf("round %d: %d rows, %d in the index, want %d", round, len(tbl.rows), len(tbl.byUID), len(next))
		}
		for _, v := range next {
			if got, ok := tbl.Lookup(v.UID); !ok || got != v {
				t.Fatalf("round %d: %s looks up as %+v, want %+v", round, v.UID, got, v)
			}
			if marked := tbl.changedAt[v.UID] == now; marked != changed[v.UID] {
				t.Fatalf("round %d: %s marked %v, changed %v", round, v.UID, marked, changed[v.UID])
			}
		}
		vols = next
	}
}

func TestAPollOfManyStatesAppliesAtOnce(t *testing.T) {
	tbl := newTestTable(100)
	tbl.SetFilter("provisioning")
	var states []api.VolumeState
	for i := 0; i < 100; i += 7 { // every PROVISIONING volume of the fleet settles
		states = append(states, api.VolumeState{UID: fmt.Sprintf("vol-%012d", i+3), Status: "READY"})
	}
	states = append(states, api.VolumeState{UID: "vol-000000000050", Status: "PROVISIONING"}, api.VolumeState{UID: "vol-unknown00000", Status: "READY"})
	gone := []string{"vol-000000000051", "vol-000000000000", "vol-000000000099", "vol-unknown00001"}
	tbl.ApplyStates(states, gone, testEpoch)
	if len(tbl.rows) != 97 || len(tbl.byUID) != 97 {
		t.Fatalf("%d rows, %d indexed after 3 of them went; want 97", len(tbl.rows), len(tbl.byUID))
	}
	for i, r := range tbl.rows {
		if tbl.byUID[r.vol.UID] != i || slices.Contains(gone, r.vol.UID) {
			t.Fatalf("row %d (%s) is indexed at %d or should be gone", i, r.vol.UID, tbl.byUID[r.vol.UID])
		}
		if tbl.search.matched[i] != matchesRow("provisioning", r) {
			t.Fatalf("row %d (%s) is filtered as before its change", i, r.vol.UID)
		}
	}
	if uids := viewUIDs(tbl); !slices.Equal(uids, []string{"vol-000000000050"}) {
		t.Fatalf("the filter shows %v; want only the volume that began provisioning", uids)
	}
	if tbl.summary.byClass[api.ClassInProgress] != 1 {
		t.Fatalf("the summary counts %d in progress; want 1", tbl.summary.byClass[api.ClassInProgress])
	}
}
