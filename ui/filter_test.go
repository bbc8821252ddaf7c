package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// bigTable has more rows than are searched on the event loop.
func bigTable() *volumeTable { return newTestTable(3 * inlineSearchRows) }

// viewUIDs is what the table shows, in order.
func viewUIDs(tbl *volumeTable) []string {
	uids := make([]string, len(tbl.view))
	for pos, i := range tbl.view {
		uids[pos] = tbl.rows[i].vol.UID
	}
	return uids
}

// runSearch runs a search command as Bubble Tea would, off the caller's state.
func runSearch(t *testing.T, cmd tea.Cmd) searchDoneMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("a large search came back done instead of as a command")
	}
	msg, ok := cmd().(searchDoneMsg)
	if !ok {
		t.Fatalf("the search command answered %T", msg)
	}
	return msg
}

func TestLargeSearchRunsOffTheLoopAndKeepsTheListUntilItAnswers(t *testing.T) {
	tbl := bigTable()
	before := viewUIDs(tbl)
	cmd := tbl.Filter("h200")
	if !slices.Equal(viewUIDs(tbl), before) || tbl.filter != "" || !tbl.Searching() {
		t.Fatal("the view changed before the search answered")
	}
	if redo := tbl.applySearch(runSearch(t, cmd)); redo != nil {
		t.Fatal("a current answer asked to be redone")
	}
	if tbl.Searching() || tbl.filter != "h200" || len(tbl.view) != len(tbl.rows)/2 {
		t.Fatalf("after the answer: filter %q, %d of %d shown, want half", tbl.filter, len(tbl.view), len(tbl.rows))
	}
}

func TestOlderSearchAnswersAreDropped(t *testing.T) {
	tbl := bigTable()
	first := tbl.Filter("h200")
	second := tbl.Filter("storage")
	tbl.applySearch(runSearch(t, first)) // arrives late: dropped
	if tbl.filter != "" {
		t.Fatalf("an answer to an older query was shown: filter %q", tbl.filter)
	}
	tbl.applySearch(runSearch(t, second))
	if tbl.filter != "storage" || len(tbl.view) != len(tbl.rows)/2 {
		t.Fatalf("filter %q shows %d of %d, want half", tbl.filter, len(tbl.view), len(tbl.rows))
	}
	// Typing away and back while a search runs leaves the applied result as it is.
	stale := tbl.Filter("storagex")
	if tbl.Filter("storage") != nil || tbl.Searching() {
		t.Fatal("going back to the applied query started a search")
	}
	if stale != nil {
		tbl.applySearch(runSearch(t, stale))
	}
	if tbl.filter != "storage" {
		t.Fatalf("the abandoned query's answer was shown: filter %q", tbl.filter)
	}
}

func TestSearchAnsweredOnOlderRowsIsRedone(t *testing.T) {
	tbl := bigTable()
	cmd := tbl.Filter("provisioning")
	// A volume settles while the search runs: the answer no longer fits the rows.
	v, _ := tbl.Lookup("vol-000000000003")
	tbl.ApplyState(api.VolumeState{UID: v.UID, Status: "READY"}, testEpoch)
	redo := tbl.applySearch(runSearch(t, cmd))
	if tbl.filter != "" {
		t.Fatal("an answer computed on older rows was shown")
	}
	if again := tbl.applySearch(runSearch(t, redo)); again != nil {
		t.Fatal("the redone search asked to be redone again")
	}
	for _, uid := range viewUIDs(tbl) {
		if uid == v.UID {
			t.Fatal("the volume that became READY still matches \"provisioning\"")
		}
	}
}

func TestRowsChangingUnderAFilterAreMatchedAsTheyArrive(t *testing.T) {
	tbl := bigTable()
	tbl.SetFilter("provisioning")
	shown := len(tbl.view)
	tbl.ApplyState(api.VolumeState{UID: "vol-000000000003", Status: "READY"}, testEpoch)
	tbl.ApplyState(api.VolumeState{UID: "vol-000000000001", Status: "PROVISIONING"}, testEpoch)
	tbl.Upsert(api.Volume{UID: "vol-newnewnewnew", Name: "fresh", State: api.State{Status: "PROVISIONING"}}, testEpoch)
	tbl.Remove("vol-000000000010")
	uids := viewUIDs(tbl)
	if len(uids) != shown+1-1 || !slices.Contains(uids, "vol-000000000001") || !slices.Contains(uids, "vol-newnewnewnew") ||
		slices.Contains(uids, "vol-000000000003") || slices.Contains(uids, "vol-000000000010") {
		t.Fatalf("after changes under the filter: %d shown (was %d)", len(uids), shown)
	}
	// A refresh that changes one row's status keeps the others' matches and re-tests that one.
	vols := fleet(len(tbl.rows) - 1)
	vols[17].State.Status = "PROVISIONING"
	tbl.SetVolumes(vols, testEpoch, true)
	if uids := viewUIDs(tbl); !slices.Contains(uids, "vol-000000000017") || !slices.Contains(uids, "vol-000000000003") {
		t.Fatal("a refresh under the filter did not re-test the rows it changed")
	}
}

// TestNarrowedSearchFindsWhatAFullSearchFinds types random queries letter by letter (each
// searching only the rows the previous one matched) and checks every answer against a search
// of all rows and against the row-by-row test.
func TestNarrowedSearchFindsWhatAFullSearchFinds(t *testing.T) {
	tbl := bigTable()
	r := rand.New(rand.NewPCG(1, 2))
	letters := "volume-0123456789hstrg"
	for range 20 {
		tbl.SetFilter("")
		query := ""
		for range 1 + r.IntN(6) {
			query += string(letters[r.IntN(len(letters))])
			if r.IntN(4) == 0 {
				query = strings.ToUpper(query)
			}
			if r.IntN(2) == 0 { // as after a refresh: the search reads the rows, not its index
				tbl.rowsChanged()
			}
			tbl.SetFilter(query)
			full := newTestTable(len(tbl.rows))
			full.SetFilter(query)
			if !slices.Equal(viewUIDs(tbl), viewUIDs(full)) {
				t.Fatalf("query %q: narrowed search shows %d rows, full search %d", query, len(tbl.view), len(full.view))
			}
			for i := range tbl.rows {
				if tbl.search.matched[i] != matchesRow(query, tbl.rows[i]) {
					t.Fatalf("query %q: row %d differs between the search and the row test", query, i)
				}
			}
		}
	}
}

func TestTypingInALargeFleetShowsSearchingThenTheAnswer(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(3 * inlineSearchRows))})
	m.Update(keyPress("/"))
	m.filter.Cursor.SetMode(cursor.CursorStatic) // no blink commands beside the search
	var search tea.Cmd
	for _, r := range "h200" {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		search = cmd
	}
	if view := m.View(); !strings.Contains(view, `filter "h200": searching…`) {
		t.Fatalf("no searching marker while the search runs:\n%s", view)
	}
	m.Update(runSearch(t, search))
	want := fmt.Sprintf(`filter "h200": %d shown`, 3*inlineSearchRows/2)
	if view := m.View(); !strings.Contains(view, want) {
		t.Fatalf("after the answer the header lacks %q:\n%s", want, view)
	}
}
