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
