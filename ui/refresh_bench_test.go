package ui

import (
	"fmt"
	"testing"
	"time"

	"tvol/api"
)

// BenchmarkRefresh is the work one list refresh costs the event loop once the pages have
// arrived: rows rebuilt, change marks, sort, summary and cursor found again.
func BenchmarkRefresh(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			vols := fleet(n)
			b.ReportAllocs()
			for b.Loop() {
				m.table.SetVolumes(vols, testEpoch, true)
			}
		})
	}
}

// BenchmarkFilterKeystroke is what one keystroke in the filter costs the event loop at its
// worst: just after a refresh, so the search needs a fresh snapshot of the row pointers. A
// search of more than inlineSearchRows rows then runs off the loop (BenchmarkFilterSearch).
func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			queries := []string{"h200", "storage"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.table.rowsChanged()
				_ = m.table.Filter(queries[i%2])
				i++
			}
		})
	}
}

// BenchmarkFilterSearch is a search of every row, off the event loop, index of the rows'
// fields included: how soon the answer to a new query shows after a refresh. Letters typed
// after it search only the rows it matched.
func BenchmarkFilterSearch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			m.table.search.wanted = "h200"
			job := m.table.newSearch()
			b.ReportAllocs()
			for b.Loop() {
				_ = job.run()
			}
		})
	}
}

// BenchmarkRefreshWithNewVolume is a refresh that brings one new volume in front: every
// row's position moves, so rows are matched by UID and the view is sorted again.
func BenchmarkRefreshWithNewVolume(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			vols := fleet(n)
			longer := append([]api.Volume{{UID: "vol-newnewnewnew", Name: "new", CreatedAt: api.At(testEpoch)}}, vols...)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.table.SetVolumes([][]api.Volume{longer, vols}[i%2], testEpoch, true)
				i++
			}
		})
	}
}

// BenchmarkStatePoll is the event loop's share of one state poll in which one volume in a
// hundred changed state: the changes are applied, then the view is refreshed once.
func BenchmarkStatePoll(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			polls := [2][]api.VolumeState{}
			for i := 0; i < n; i += 100 {
				uid := fmt.Sprintf("vol-%012d", i)
				polls[0] = append(polls[0], api.VolumeState{UID: uid, Status: "PROVISIONING"})
				polls[1] = append(polls[1], api.VolumeState{UID: uid, Status: "READY"})
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.table.ApplyStates(polls[i%2], nil, testEpoch)
				i++
			}
		})
	}
}

// BenchmarkFirstLoad is the event loop's work over a whole first load in pages of 1,000,
// arriving 30 ms apart (about what the simulator takes to answer one over loopback).
func BenchmarkFirstLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			vols := fleet(n)
			b.ReportAllocs()
			for b.Loop() {
				clock := testEpoch
				m := newSyntheticModel(&testing.T{}, Options{Now: func() time.Time { return clock }})
				for start := 0; start < n; start += 1000 {
					clock = clock.Add(30 * time.Millisecond)
					next := ""
					if start+1000 < n {
						next = fmt.Sprint("after-", start)
					}
					m.Update(listPageMsg{gen: m.live.listGen, page: api.VolumePage{Items: vols[start : start+1000], NextCursor: next}})
				}
			}
		})
	}
}
