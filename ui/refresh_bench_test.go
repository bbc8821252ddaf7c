package ui

import (
	"fmt"
	"testing"
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

// BenchmarkFilterKeystroke is one keystroke in the filter: the fuzzy match over every row's
// fields, then the sort, on the event loop.
func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			queries := []string{"vol", "volu"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.table.SetFilter(queries[i%2])
				i++
			}
		})
	}
}
