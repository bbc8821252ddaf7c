package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The dashboard's View and a cursor move at fleet sizes from 1,000 to 100,000, beside
// bubbles/table and bubbles/list holding the same rows, in the same run, in 256 colours.

var benchSizes = []int{1000, 10000, 100000}

// inColour renders in 256 colours, as a terminal would, for one benchmark: the tests'
// colourless profile would understate what styling costs, ours and bubbles' alike.
func inColour(b *testing.B) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

func loadedModel(b *testing.B, n int) *Model {
	m := newSyntheticModel(&testing.T{}, Options{})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(n))})
	return m
}

func BenchmarkDashboardView(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inColour(b)
			m := loadedModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// benchCursorMoves times one cursor move and the frame after it, alternating down and up so
// the cursor stays mid-list.
func benchCursorMoves(b *testing.B, move func(down bool)) {
	b.ReportAllocs()
	down := true
	for b.Loop() {
		move(down)
		down = !down
	}
}

func BenchmarkDashboardCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inColour(b)
			m := loadedModel(b, n)
			benchCursorMoves(b, func(down bool) {
				m.Update(map[bool]tea.KeyMsg{true: keyPress("j"), false: keyPress("k")}[down])
				_ = m.View()
			})
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
			inColour(b)
			t := bubblesTable(n)
			b.ReportAllocs()
			for b.Loop() {
				_ = t.View()
			}
		})
	}
}

var arrowKeys = map[bool]tea.KeyMsg{true: {Type: tea.KeyDown}, false: {Type: tea.KeyUp}}

func BenchmarkBubblesTableCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inColour(b)
			t := bubblesTable(n)
			benchCursorMoves(b, func(down bool) {
				t, _ = t.Update(arrowKeys[down])
				_ = t.View()
			})
		})
	}
}

type listItem struct{ r *row }

func (i listItem) FilterValue() string { return strings.Join(i.r.haystack[:], " ") }
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
			inColour(b)
			l := bubblesList(n)
			b.ReportAllocs()
			for b.Loop() {
				_ = l.View()
			}
		})
	}
}

func BenchmarkBubblesListCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inColour(b)
			l := bubblesList(n)
			benchCursorMoves(b, func(down bool) {
				l, _ = l.Update(arrowKeys[down])
				_ = l.View()
			})
		})
	}
}

// BenchmarkBubblesListFilter is bubbles/list's own filter over the same rows and fields
// (joined in one string, as its items filter), the work beside BenchmarkFilterSearch.
func BenchmarkBubblesListFilter(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l := bubblesList(n)
			queries := []string{"h200", "storage"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				l.SetFilterText(queries[i%2])
				i++
			}
		})
	}
}
