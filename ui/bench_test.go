package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
)

// The dashboard's View and a cursor move at fleet sizes from 1,000 to 100,000, beside
// bubbles/table and bubbles/list holding the same rows, in the same run.

var benchSizes = []int{1000, 10000, 100000}

func loadedModel(b *testing.B, n int) *Model {
	m := newSyntheticModel(&testing.T{}, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(n))})
	return m
}

func BenchmarkDashboardView(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

func BenchmarkDashboardCursorMove(b *testing.B) {
	down, up := keyPress("j"), keyPress("k")
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := loadedModel(b, n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := down
				if i%2 == 1 {
					msg = up
				}
				i++
				m.Update(msg)
				_ = m.View()
			}
		})
	}
}

func bubblesTable(n int) table.Model {
	cols := []table.Column{{Title: "NAME", Width: 26}, {Title: "UID", Width: 16}, {Title: "STATUS", Width: 15},
		{Title: "SIZE", Width: 9}, {Title: "RESOURCE", Width: 15}, {Title: "$/HOUR", Width: 9}, {Title: "WORKLOAD", Width: 16}, {Title: "AGE", Width: 4}}
	rows := make([]table.Row, n)
	for i, v := range fleet(n) {
		r := newRow(v)
		rows[i] = table.Row{r.name, r.uid, r.class.Glyph() + " " + r.status, r.size, r.resource, r.cost, r.workload, "1d"}
	}
	return table.New(table.WithColumns(cols), table.WithRows(rows), table.WithHeight(30), table.WithFocused(true))
}

func BenchmarkBubblesTableView(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			t := bubblesTable(n)
			b.ReportAllocs()
			for b.Loop() {
				_ = t.View()
			}
		})
	}
}

func BenchmarkBubblesTableCursorMove(b *testing.B) {
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			t := bubblesTable(n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := down
				if i%2 == 1 {
					msg = up
				}
				i++
				t, _ = t.Update(msg)
				_ = t.View()
			}
		})
	}
}

type listItem struct{ r row }

func (i listItem) FilterValue() string { return i.r.name }
func (i listItem) Title() string       { return i.r.name }
func (i listItem) Description() string { return i.r.uid + " " + i.r.status }

// bubblesList uses the Arabic paginator: with the default dots, View is quadratic in pages.
func bubblesList(n int) list.Model {
	items := make([]list.Item, n)
	for i, v := range fleet(n) {
		items[i] = listItem{newRow(v)}
	}
	l := list.New(items, list.NewDefaultDelegate(), 120, 30)
	l.Paginator.Type = paginator.Arabic
	return l
}

func BenchmarkBubblesListView(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l := bubblesList(n)
			b.ReportAllocs()
			for b.Loop() {
				_ = l.View()
			}
		})
	}
}

func BenchmarkBubblesListCursorMove(b *testing.B) {
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l := bubblesList(n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := down
				if i%2 == 1 {
					msg = up
				}
				i++
				l, _ = l.Update(msg)
				_ = l.View()
			}
		})
	}
}
