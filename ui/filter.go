package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"
)

// The filter is a fuzzy search of five fields of every row. At 100,000 volumes a search takes
// longer than a frame, so a changed query is searched off the event loop, on a snapshot that
// nothing writes to; the list keeps showing the last result until the answer to the newest
// query arrives, and answers to older queries are dropped. Rows that change under a query
// already applied are matched one by one as they arrive, which costs microseconds.

// inlineSearchRows is how many rows are searched on the event loop itself (about a
// millisecond): below it, the answer shows in the same frame as the keystroke.
const inlineSearchRows = 2000

// searchState is the filter's bookkeeping beside the applied query (volumeTable.filter).
type searchState struct {
	wanted  string   // the query typed last; differs from the applied one while a search runs
	gen     int      // of the newest search; answers of older ones are dropped
	matched []bool   // per row: whether it matches the applied query (nil without one)
	index   []string // searchFields haystacks per row, flat; never written once built, nil once rows change
	rowsGen int      // counts changes to rows, so an answer computed on older rows is redone
}

// searchJob is one search, with everything it reads copied or immutable.
type searchJob struct {
	gen, rowsGen int
	query        string   // as typed
	index        []string // shared, read-only; nil: built from snapshot
	snapshot     []*row   // a copy of the table's row pointers (rows never change), when index is nil
	candidates   []int    // the rows to search; nil: all of them
	rows         int
}

// searchDoneMsg is a search's answer: which rows match, and the index it searched, which
// the table keeps for the next keystroke if its rows have not changed since.
type searchDoneMsg struct {
	gen, rowsGen int
	query        string
	matched      []bool
	index        []string
}

// size is how many rows the job searches.
func (j searchJob) size() int {
	if j.candidates != nil {
		return len(j.candidates)
	}
	return j.rows
}

// run searches; it touches nothing but the job, so it can run on any goroutine.
func (j searchJob) run() searchDoneMsg {
	var haystack []string
	switch {
	case j.candidates != nil: // a few rows: their fields alone, from the index or the rows
		haystack = make([]string, 0, len(j.candidates)*searchFields)
		for _, i := range j.candidates {
			if j.index != nil {
				haystack = append(haystack, j.index[i*searchFields:(i+1)*searchFields]...)
			} else {
				haystack = append(haystack, j.snapshot[i].haystack[:]...)
			}
		}
	default:
		if j.index == nil {
			j.index = make([]string, 0, len(j.snapshot)*searchFields)
			for _, r := range j.snapshot {
				j.index = append(j.index, r.haystack[:]...)
			}
		}
		haystack = j.index
	}
	matched := make([]bool, j.rows)
	// Results are shown in the table's sort order, so the library's ranking is not needed.
	for _, m := range fuzzy.FindNoSort(strings.ToLower(j.query), haystack) {
		i := m.Index / searchFields
		if j.candidates != nil {
			i = j.candidates[i]
		}
		matched[i] = true
	}
	return searchDoneMsg{gen: j.gen, rowsGen: j.rowsGen, query: j.query, matched: matched, index: j.index}
}

// matchesRow reports whether one row matches query: the same test the search makes.
func matchesRow(query string, r *row) bool {
	return len(fuzzy.FindNoSort(strings.ToLower(query), r.haystack[:])) > 0
}

// Query is the filter as typed, whether or not its search has finished.
func (t *volumeTable) Query() string { return t.search.wanted }

// Searching reports whether a search for the typed query is still running.
func (t *volumeTable) Searching() bool { return t.search.wanted != t.filter }

// Filter asks for the rows matching q. A small search is done at once; a large one comes back
// as a command that searches off the event loop and answers with a searchDoneMsg.
func (t *volumeTable) Filter(q string) tea.Cmd {
	s := &t.search
	if q == s.wanted {
		return nil
	}
	s.wanted = q
	s.gen++ // whatever runs now answers a query no longer wanted
	switch {
	case q == "":
		t.filter, s.matched = "", nil
		t.refreshView()
		return nil
	case q == t.filter: // typed away and back while a search ran: already applied
		return nil
	}
	job := t.newSearch()
	if job.size() <= inlineSearchRows {
		t.applySearch(job.run())
		return nil
	}
	return func() tea.Msg { return job.run() }
}

// SetFilter filters at once, however many rows there are: for callers that cannot wait.
func (t *volumeTable) SetFilter(q string) {
	if cmd := t.Filter(q); cmd != nil {
		t.applySearch(cmd().(searchDoneMsg))
	}
}

// newSearch prepares a search for the wanted query. When it only adds to the applied query,
// it searches the rows that matched that one: a row matching "vol" also matches "vo".
func (t *volumeTable) newSearch() searchJob {
	s := &t.search
	job := searchJob{gen: s.gen, rowsGen: s.rowsGen, query: s.wanted, index: s.index, rows: len(t.rows)}
	if s.index == nil { // the job builds it, off the event loop when the job is large
		job.snapshot = slices.Clone(t.rows)
	}
	if t.filter != "" && strings.HasPrefix(strings.ToLower(s.wanted), strings.ToLower(t.filter)) {
		job.candidates = make([]int, 0, len(t.view))
		for i, ok := range s.matched {
			if ok {
				job.candidates = append(job.candidates, i)
			}
		}
	}
	return job
}

// applySearch shows a search's answer if it is for the newest query. One computed on rows that
// have changed since is redone on the current rows, and the command doing so is returned.
func (t *volumeTable) applySearch(msg searchDoneMsg) tea.Cmd {
	s := &t.search
	if msg.rowsGen == s.rowsGen && s.index == nil && msg.index != nil {
		s.index = msg.index // even an unwanted answer's index fits rows that have not changed
	}
	if msg.gen != s.gen {
		return nil
	}
	if msg.rowsGen != s.rowsGen {
		s.gen++
		job := t.newSearch()
		return func() tea.Msg { return job.run() }
	}
	t.filter, s.matched = msg.query, msg.matched
	t.refreshView()
	return nil
}

// rowsChanged keeps the filter's bookkeeping true after rows were replaced, added, changed
// or removed: the snapshot index is dropped and searches under way will be redone.
func (t *volumeTable) rowsChanged() {
	t.search.index = nil
	t.search.rowsGen++
}
