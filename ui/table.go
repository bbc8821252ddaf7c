package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// volumeTable is the volume list: all rows, the filtered and sorted view of them, and a
// cursor tied to a volume's UID. It renders only the rows that fit.
type volumeTable struct {
	common  *common
	rows    []*row
	byUID   map[string]int // UID → index in rows
	view    []int          // indices into rows, filtered and sorted
	summary fleetSummary

	cursorUID string
	cursor    int // index into view
	offset    int // first visible row of view
	width     int
	height    int // rows of data that fit, below the column header

	sortBy    column
	sortDesc  bool
	filter    string // the query the view shows; see search for one being typed
	search    searchState
	changedAt map[string]time.Time
	spinner   string // the current spinner frame for rows in progress

	layout []column // visible columns, left to right, for the current width
	widths [columnCount]int
}

func newVolumeTable(c *common) *volumeTable {
	t := &volumeTable{common: c, byUID: map[string]int{}, changedAt: map[string]time.Time{}, sortBy: colAge}
	t.SetSize(80, 10)
	return t
}

// SetSize fits the table to w×h cells, header line included.
func (t *volumeTable) SetSize(w, h int) {
	t.width, t.height = w, max(1, h-1)
	t.layoutColumns()
	t.scrollToCursor()
}

// layoutColumns picks the columns that fit, dropping those with the lowest keep first, and
// gives the name column what is left.
func (t *volumeTable) layoutColumns() {
	specs := columnSpecs()
	visible := []column{colName, colUID, colStatus, colSize, colResource, colCost, colWorkload, colAge}
	const markWidth = 2 // the changed-row mark and a space
	need := func(cols []column) int {
		n := markWidth
		for _, c := range cols {
			n += specs[c].width + 1
		}
		return n
	}
	for need(visible) > t.width && len(visible) > 1 {
		drop := 0
		for i, c := range visible {
			if specs[c].keep < specs[visible[drop]].keep {
				drop = i
			}
		}
		visible = slices.Delete(visible, drop, drop+1)
	}
	for _, c := range visible {
		t.widths[c] = specs[c].width
	}
	t.widths[colName] = max(specs[colName].width, min(48, specs[colName].width+t.width-need(visible)))
	t.layout = visible
}

// SetVolumes replaces the data with a complete list. Rows that differ from before are marked
// (when mark is set: not on the first load), the cursor stays on its volume, and a volume
// that vanished hands the cursor to its neighbour.
func (t *volumeTable) SetVolumes(vols []api.Volume, now time.Time, mark bool) {
	if t.sameAs(vols) { // an idle refresh: nothing to prepare, sort, filter or find again
		t.summary = summarize(t.rows, t.common.now())
		return
	}
	rows := make([]*row, len(vols))
	var matched []bool
	if t.filter != "" {
		matched = make([]bool, len(vols))
	}
	// sameOrder: every volume where it was; grown: the old rows lead the new list unmoved (a
	// first load adding a page), so the index only needs the newcomers.
	sameOrder, grown := len(vols) == len(t.rows), len(vols) >= len(t.rows)
	shift := 0 // where the previous volume was found, relative to where it is now
	for i, v := range vols {
		// Refreshes list the same volumes in the same order, give or take a few added or
		// gone: look where the previous volume's neighbour was before asking the map.
		old := i + shift
		known := old >= 0 && old < len(t.rows) && t.rows[old].vol.UID == v.UID
		if !known {
			if old, known = t.byUID[v.UID]; known {
				shift = old - i
			}
		}
		sameOrder = sameOrder && known && old == i
		grown = grown && (i >= len(t.rows) || (known && old == i))
		if known && t.rows[old].vol == v { // unchanged: keep its prepared text
			rows[i] = t.rows[old]
		} else {
			rows[i] = newRow(v)
			if mark && (!known || rows[i].changedFrom(t.rows[old])) {
				t.changedAt[v.UID] = now
			}
		}
		if matched != nil {
			if known && rows[i].haystack == t.rows[old].haystack {
				matched[i] = t.search.matched[old]
			} else {
				matched[i] = matchesRow(t.filter, rows[i])
			}
		}
	}
	switch {
	case grown:
		for i := len(t.rows); i < len(rows); i++ {
			t.byUID[rows[i].vol.UID] = i
		}
	case !sameOrder:
		t.byUID = make(map[string]int, len(rows))
		for i := range rows {
			t.byUID[rows[i].vol.UID] = i
		}
	}
	t.rows, t.search.matched = rows, matched
	t.dataChanged()
}

// sameAs reports whether vols are the volumes shown, unchanged and in the same order.
func (t *volumeTable) sameAs(vols []api.Volume) bool {
	if len(vols) != len(t.rows) {
		return false
	}
	for i := range vols {
		if t.rows[i].vol != vols[i] {
			return false
		}
	}
	return true
}

// Upsert puts one volume in, new or updated, and marks it.
func (t *volumeTable) Upsert(v api.Volume, now time.Time) {
	i, ok := t.byUID[v.UID]
	if ok {
		t.rows[i] = newRow(v)
	} else {
		i = len(t.rows)
		t.byUID[v.UID] = i
		t.rows = append(t.rows, newRow(v))
		if t.filter != "" {
			t.search.matched = append(t.search.matched, false)
		}
	}
	t.rematch(i)
	t.changedAt[v.UID] = now
	t.dataChanged()
}

// rematch tests row i against the applied filter again, after it changed.
func (t *volumeTable) rematch(i int) {
	if t.filter != "" {
		t.search.matched[i] = matchesRow(t.filter, t.rows[i])
	}
}

// ApplyStates takes the state endpoint's answers and drops the volumes whose record is gone,
// then refreshes the view once: a poll of thousands of volumes in progress costs one sort,
// not one per volume.
func (t *volumeTable) ApplyStates(states []api.VolumeState, gone []string, now time.Time) {
	changed := false
	for _, st := range states {
		changed = t.setState(st, now) || changed
	}
	changed = t.drop(gone) || changed
	if changed {
		t.dataChanged()
	}
}

// ApplyState updates one volume's state, from the state endpoint.
func (t *volumeTable) ApplyState(st api.VolumeState, now time.Time) {
	t.ApplyStates([]api.VolumeState{st}, nil, now)
}

// Remove drops a volume whose record is gone.
func (t *volumeTable) Remove(uid string) { t.ApplyStates(nil, []string{uid}, time.Time{}) }

// setState replaces a volume's row with one in its new state; it reports whether anything
// changed.
func (t *volumeTable) setState(st api.VolumeState, now time.Time) bool {
	i, ok := t.byUID[st.UID]
	if !ok {
		return false
	}
	v := t.rows[i].vol
	if v.State.Status == st.Status && v.State.Message == st.Message {
		return false
	}
	v.State = api.State{Status: st.Status, Message: st.Message, UpdatedAt: st.UpdatedAt}
	if st.UpdatedAt.After(v.UpdatedAt.Time) {
		v.UpdatedAt = st.UpdatedAt
	}
	t.rows[i] = newRow(v)
	t.rematch(i)
	t.changedAt[v.UID] = now
	return true
}

// drop removes the rows of uids in one pass; it reports whether any was there.
func (t *volumeTable) drop(uids []string) bool {
	gone := make(map[string]bool, len(uids))
	for _, uid := range uids {
		if _, ok := t.byUID[uid]; ok {
			gone[uid] = true
		}
	}
	if len(gone) == 0 {
		return false
	}
	kept := 0
	for i, r := range t.rows {
		if gone[r.vol.UID] {
			delete(t.byUID, r.vol.UID)
			continue
		}
		t.rows[kept], t.byUID[r.vol.UID] = r, kept
		if t.filter != "" {
			t.search.matched[kept] = t.search.matched[i]
		}
		kept++
	}
	clear(t.rows[kept:]) // no stale pointers past the end
	t.rows = t.rows[:kept]
	if t.filter != "" {
		t.search.matched = t.search.matched[:kept]
	}
	return true
}

// dataChanged follows any change to the rows: the summary, the filter's bookkeeping and the
// view are brought up to date.
func (t *volumeTable) dataChanged() {
	t.summary = summarize(t.rows, t.common.now())
	t.rowsChanged()
	t.refreshView()
}

// refreshView recomputes the filtered and sorted view, then finds the cursor's volume and the
// top row's volume again, so neither the selection nor the scroll position jumps.
func (t *volumeTable) refreshView() {
	topUID := ""
	if t.offset < len(t.view) && t.view[t.offset] < len(t.rows) {
		topUID = t.rows[t.view[t.offset]].vol.UID
	}
	view := make([]int, 0, len(t.rows))
	for i := range t.rows {
		if t.filter == "" || t.search.matched[i] {
			view = append(view, i)
		}
	}
	slices.SortFunc(view, func(a, b int) int {
		c := compareRows(t.rows[a], t.rows[b], t.sortBy)
		if t.sortDesc {
			return -c
		}
		return c
	})
	t.view = view
	if topUID != "" {
		for pos, i := range t.view {
			if t.rows[i].vol.UID == topUID {
				t.offset = pos
				break
			}
		}
	}
	t.relocateCursor()
}

// relocateCursor puts the cursor back on its volume; if that is gone, on the row that took
// its place (its neighbour), never back at the top.
func (t *volumeTable) relocateCursor() {
	if t.cursorUID != "" {
		for pos, i := range t.view {
			if t.rows[i].vol.UID == t.cursorUID {
				t.cursor = pos
				t.scrollToCursor()
				return
			}
		}
	}
	t.cursor = max(0, min(t.cursor, len(t.view)-1))
	t.cursorUID = ""
	if len(t.view) > 0 {
		t.cursorUID = t.rows[t.view[t.cursor]].vol.UID
	}
	t.scrollToCursor()
}

func (t *volumeTable) moveTo(pos int) {
	if len(t.view) == 0 {
		return
	}
	t.cursor = max(0, min(pos, len(t.view)-1))
	t.cursorUID = t.rows[t.view[t.cursor]].vol.UID
	t.scrollToCursor()
}

func (t *volumeTable) scrollToCursor() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = max(0, min(t.offset, len(t.view)-t.height))
}

// Update moves the cursor; it reports whether the selection changed.
func (t *volumeTable) Update(msg tea.KeyMsg) bool {
	before := t.cursorUID
	k := t.common.keys
	switch {
	case key.Matches(msg, k.Up):
		t.moveTo(t.cursor - 1)
	case key.Matches(msg, k.Down):
		t.moveTo(t.cursor + 1)
	case key.Matches(msg, k.Top):
		t.moveTo(0)
	case key.Matches(msg, k.Bottom):
		t.moveTo(len(t.view) - 1)
	case key.Matches(msg, k.PageUp):
		t.moveTo(t.cursor - t.height)
	case key.Matches(msg, k.PageDown):
		t.moveTo(t.cursor + t.height)
	case key.Matches(msg, k.Sort):
		t.sortBy = (t.sortBy + 1) % columnCount
		t.refreshView()
	case key.Matches(msg, k.SortReverse):
		t.sortDesc = !t.sortDesc
		t.refreshView()
	}
	return t.cursorUID != before
}

// Selected is the volume under the cursor.
func (t *volumeTable) Selected() (api.Volume, bool) {
	if len(t.view) == 0 {
		return api.Volume{}, false
	}
	return t.rows[t.view[t.cursor]].vol, true
}

// Lookup finds a volume by UID.
func (t *volumeTable) Lookup(uid string) (api.Volume, bool) {
	i, ok := t.byUID[uid]
	if !ok {
		return api.Volume{}, false
	}
	return t.rows[i].vol, true
}

// SortLabel names the active sort for the header.
func (t *volumeTable) SortLabel() string {
	arrow := "↑"
	if t.sortDesc {
		arrow = "↓"
	}
	return strings.ToLower(columnSpecs()[t.sortBy].title) + " " + arrow
}

// hasMarks reports whether any row still shows its change mark at now.
func (t *volumeTable) hasMarks(now time.Time) bool {
	for uid, at := range t.changedAt {
		if now.Sub(at) < changeMarkFor {
			return true
		}
		delete(t.changedAt, uid)
	}
	return false
}

// View renders the column header and the visible rows, nothing more.
func (t *volumeTable) View() string {
	s := t.common.styles
	specs := columnSpecs()
	var b strings.Builder
	var line strings.Builder
	line.WriteString("  ")
	for _, c := range t.layout {
		title := specs[c].title
		if c == t.sortBy {
			title += map[bool]string{false: "↑", true: "↓"}[t.sortDesc]
		}
		if specs[c].right {
			line.WriteString(fitRight(title, t.widths[c]))
		} else {
			line.WriteString(fit(title, t.widths[c]))
		}
		line.WriteByte(' ')
	}
	b.WriteString(s.ColumnHeader.Render(fit(line.String(), t.width)))
	now := t.common.now()
	end := min(len(t.view), t.offset+t.height)
	for pos := t.offset; pos < end; pos++ {
		b.WriteByte('\n')
		b.WriteString(t.renderRow(t.rows[t.view[pos]], pos == t.cursor, now))
	}
	blank := strings.Repeat(" ", t.width)
	for pos := end; pos < t.offset+t.height; pos++ {
		b.WriteByte('\n')
		b.WriteString(blank)
	}
	return b.String()
}

func (t *volumeTable) renderRow(r *row, selected bool, now time.Time) string {
	s := t.common.styles
	var line strings.Builder
	if at, ok := t.changedAt[r.vol.UID]; ok && now.Sub(at) < changeMarkFor {
		line.WriteString("▲ ")
	} else {
		line.WriteString("  ")
	}
	statusStyle := s.Status[r.class]
	for _, c := range t.layout {
		w := t.widths[c]
		var cell string
		switch c {
		case colName:
			cell = fit(r.name, w)
		case colUID:
			cell = fit(r.uid, w)
		case colStatus:
			glyph := r.class.Glyph()
			if t.spinner != "" && r.watched(now) {
				glyph = t.spinner
			}
			text := fit(glyph+" "+r.status, w)
			if !selected {
				text = statusStyle.Render(text)
			}
			cell = text
		case colSize:
			cell = fitRight(r.size, w)
		case colResource:
			cell = fit(r.resource, w)
		case colCost:
			cell = fitRight(r.cost, w)
		case colWorkload:
			cell = fit(r.workload, w)
		case colAge:
			cell = fitRight(age(r.vol.CreatedAt.Time, now), w)
		}
		line.WriteString(cell)
		line.WriteByte(' ')
	}
	text := fit(line.String(), t.width)
	if selected {
		return s.SelectedRow.Render(text)
	}
	return text
}

// pricePerMiBHour estimates a resource's price from the fleet's own volumes on it.
func (t *volumeTable) pricePerMiBHour(resource string) (float64, bool) {
	rate, ok := t.resourceRates()[resource]
	return rate, ok
}

// resourceRates is the price per MiB-hour of each resource, from the fleet's own volumes.
func (t *volumeTable) resourceRates() map[string]float64 {
	cost, mib := map[string]float64{}, map[string]int64{}
	for _, r := range t.rows {
		v := &r.vol
		if v.SizeMiB > 0 && v.CostPerHour > 0 {
			cost[v.ResourceName] += v.CostPerHour
			mib[v.ResourceName] += v.SizeMiB
		}
	}
	rates := make(map[string]float64, len(cost))
	for r, c := range cost {
		rates[r] = c / float64(mib[r])
	}
	return rates
}
