package ui

import (
	"cmp"
	"strings"
	"time"

	"tvol/api"
)

// row is a volume with its display text prepared once, when the data arrives, so that
// rendering a frame only pads and joins strings. A row is never changed once made: the table
// holds pointers, so a refresh copies pointers, not rows, and a new state makes a new row.
type row struct {
	vol                                         api.Volume
	class                                       api.StatusClass
	name, uid, status, size, resource, workload string
	cost                                        string
	haystack                                    [searchFields]string // what the filter searches, lower-cased
}

func newRow(v api.Volume) *row {
	r := &row{
		vol:      v,
		class:    api.ClassOf(v.State.Status),
		name:     clean(v.Name),
		uid:      clean(v.UID),
		status:   clean(v.State.Status),
		size:     api.FormatSize(v.SizeMiB),
		resource: clean(v.ResourceName),
		workload: clean(v.WorkloadUID),
		cost:     money(v.CostPerHour),
	}
	if r.status == "" {
		r.status = "(none)"
	}
	if r.workload == "" {
		r.workload = "—"
	}
	r.haystack = [searchFields]string{strings.ToLower(r.name), strings.ToLower(r.uid), strings.ToLower(r.status),
		strings.ToLower(r.resource), strings.ToLower(clean(v.WorkloadUID))}
	return r
}

// searchFields is how many fields the filter looks at: name, UID, status, resource, workload.
// Each is matched on its own, so a query never matches letters picked across fields.
const searchFields = 5

// changedFrom reports whether a refresh changed anything a user would notice.
func (r *row) changedFrom(old *row) bool {
	a, b := r.vol, old.vol
	return a.Name != b.Name || a.State.Status != b.State.Status || a.State.Message != b.State.Message ||
		a.SizeMiB != b.SizeMiB || a.WorkloadUID != b.WorkloadUID || a.MountPath != b.MountPath || a.CostPerHour != b.CostPerHour
}

// column is a column of the volume table.
type column int

const (
	colName column = iota
	colUID
	colStatus
	colSize
	colResource
	colCost
	colWorkload
	colAge
	columnCount
)

// columnSpec says how a column looks and how soon it gives way in a narrow window.
type columnSpec struct {
	title string
	width int  // fixed width; the name column takes what is left
	keep  int  // higher stays longer when the window narrows
	right bool // right-aligned
}

func columnSpecs() [columnCount]columnSpec {
	return [columnCount]columnSpec{
		colName:     {title: "NAME", width: 14, keep: 10},
		colUID:      {title: "UID", width: 16, keep: 4},
		colStatus:   {title: "STATUS", width: 15, keep: 9},
		colSize:     {title: "SIZE", width: 9, keep: 8, right: true},
		colResource: {title: "RESOURCE", width: 15, keep: 5},
		colCost:     {title: "$/HOUR", width: 9, keep: 6, right: true},
		colWorkload: {title: "WORKLOAD", width: 16, keep: 3},
		colAge:      {title: "AGE", width: 4, keep: 7, right: true},
	}
}

// compareRows orders two rows by a column; ties fall back to the UID, so the order is total
// and the cursor never jumps between equal rows.
func compareRows(a, b *row, by column) int {
	var c int
	switch by {
	case colName:
		c = cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	case colStatus:
		c = cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(strings.ToLower(a.status), strings.ToLower(b.status)))
	case colSize:
		c = cmp.Compare(a.vol.SizeMiB, b.vol.SizeMiB)
	case colResource:
		c = cmp.Compare(a.resource, b.resource)
	case colCost:
		c = cmp.Compare(a.vol.CostPerHour, b.vol.CostPerHour)
	case colWorkload:
		c = cmp.Compare(a.vol.WorkloadUID, b.vol.WorkloadUID)
	case colAge: // youngest first reads as "smallest age first"
		c = b.vol.CreatedAt.Compare(a.vol.CreatedAt.Time)
	}
	return cmp.Or(c, cmp.Compare(a.vol.UID, b.vol.UID))
}

// fleetSummary is what the header says about the whole fleet.
type fleetSummary struct {
	total      int
	byClass    map[api.StatusClass]int
	sizeMiB    int64
	costPerHr  float64
	inProgress []string // UIDs to watch through the state endpoint
}

func summarize(rows []*row, now time.Time) fleetSummary {
	s := fleetSummary{total: len(rows), byClass: map[api.StatusClass]int{}}
	for _, r := range rows {
		s.byClass[r.class]++
		if r.class != api.ClassGone {
			s.sizeMiB += r.vol.SizeMiB
		}
		s.costPerHr += r.vol.CostPerHour
		if r.watched(now) {
			s.inProgress = append(s.inProgress, r.vol.UID)
		}
	}
	return s
}

// watchFor is how long after its last change a volume in progress is watched through the
// state endpoint. One that has not moved for longer (a volume REGISTERED until a workload
// attaches it, say) is left to the list refresh: polling it every few seconds would cost
// requests and redraws for nothing.
const watchFor = 10 * time.Minute

// watched reports whether r is in progress and moved recently enough to poll and animate.
func (r *row) watched(now time.Time) bool {
	if r.class != api.ClassInProgress {
		return false
	}
	last := r.vol.CreatedAt.Time
	for _, t := range []time.Time{r.vol.UpdatedAt.Time, r.vol.State.UpdatedAt.Time} {
		if t.After(last) {
			last = t
		}
	}
	return last.IsZero() || now.Sub(last) < watchFor
}

// hoursPerMonth is the average month, for estimates.
const hoursPerMonth = 730

// changeMarkFor is how long a changed row keeps its mark.
const changeMarkFor = 5 * time.Second
