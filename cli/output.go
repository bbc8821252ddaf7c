package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/dustin/go-humanize"

	"tvol/api"
)

// table prints rows: aligned, with the status column coloured, on a terminal; tab-separated
// and plain on a pipe. statusCol is the column to colour (-1: none); classes gives each
// row's status class.
func (r *runner) table(header []string, rows [][]string, statusCol int, classes []api.StatusClass) error {
	if r.output == "plain" {
		var b strings.Builder
		b.WriteString(strings.Join(header, "\t") + "\n")
		for _, row := range rows {
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
		_, err := fmt.Fprint(r.io.Stdout, b.String())
		return err
	}
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	pad := func(cell string, w int) string { return cell + strings.Repeat(" ", w-ansi.StringWidth(cell)) }
	var b strings.Builder
	for i, h := range header {
		b.WriteString(r.style(lipgloss.NewStyle().Bold(true), pad(h, widths[i])) + "  ")
	}
	b.WriteString("\n")
	for n, row := range rows {
		for i, cell := range row {
			text := pad(cell, widths[i])
			if i == statusCol {
				text = r.style(statusStyle(classes[n]), text)
			}
			b.WriteString(text)
			if i < len(row)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	_, err := fmt.Fprint(r.io.Stdout, b.String())
	return err
}

func (r *runner) style(s lipgloss.Style, text string) string {
	if r.io.NoColor || r.output != "table" {
		return text
	}
	return s.Render(text)
}

func statusStyle(c api.StatusClass) lipgloss.Style {
	colour := map[api.StatusClass]string{api.ClassHealthy: "2", api.ClassInProgress: "3", api.ClassFailed: "1",
		api.ClassGone: "8", api.ClassIdle: "5", api.ClassUnknown: "3"}[c]
	return lipgloss.NewStyle().Foreground(lipgloss.Color(colour))
}

// statusCell is the status as shown: with its glyph on a terminal, as given on a pipe.
func (r *runner) statusCell(status string) string {
	status = api.Printable(status)
	if r.output == "plain" {
		return status
	}
	return api.ClassOf(status).Glyph() + " " + status
}

func (r *runner) volumeTable(vols []api.Volume) error {
	header := []string{"UID", "NAME", "STATUS", "SIZE", "RESOURCE", "$/HOUR", "ATTACHED", "AGE"}
	rows := make([][]string, len(vols))
	classes := make([]api.StatusClass, len(vols))
	now := time.Now()
	for i, v := range vols {
		attached := "-"
		if v.Attached() {
			attached = api.Printable(v.WorkloadUID)
		}
		rows[i] = []string{api.Printable(v.UID), api.Printable(v.Name), r.statusCell(v.State.Status), api.FormatSize(v.SizeMiB),
			api.Printable(v.ResourceName), fmt.Sprintf("%.4f", v.CostPerHour), attached, api.FormatAge(v.CreatedAt.Time, now)}
		classes[i] = api.ClassOf(v.State.Status)
	}
	return r.table(header, rows, 2, classes)
}

func (r *runner) volumeDetail(v api.Volume) error {
	attached := "not attached"
	if v.Attached() {
		attached = api.Printable(v.WorkloadUID) + " at " + api.Printable(v.MountPath)
	}
	when := func(t api.Timestamp) string {
		if t.IsZero() {
			return "unknown"
		}
		return t.UTC().Format(time.RFC3339) + " (" + humanize.Time(t.Time) + ")"
	}
	status := r.statusCell(v.State.Status)
	if msg := api.Printable(v.State.Message); msg != "" {
		status += " — " + msg
	}
	rows := [][]string{
		{"uid", api.Printable(v.UID)}, {"name", api.Printable(v.Name)}, {"status", status},
		{"size", fmt.Sprintf("%s (%d MiB)", api.FormatSize(v.SizeMiB), v.SizeMiB)},
		{"resource", api.Printable(v.ResourceName)}, {"pvc", api.Printable(v.PVCName)},
		{"cost", fmt.Sprintf("%.4f/hour, %.2f/day, %.2f/month", v.CostPerHour, v.CostPerHour*24, v.CostPerHour*730)},
		{"attached", attached}, {"created", when(v.CreatedAt)}, {"updated", when(v.UpdatedAt)},
	}
	return r.table([]string{"FIELD", "VALUE"}, rows, -1, nil)
}

func (r *runner) stateLine(st api.VolumeState) error {
	msg := api.Printable(st.Message)
	rows := [][]string{{api.Printable(st.UID), r.statusCell(st.Status), msg, st.UpdatedAt.UTC().Format(time.RFC3339)}}
	return r.table([]string{"UID", "STATUS", "MESSAGE", "UPDATED"}, rows, 1, []api.StatusClass{api.ClassOf(st.Status)})
}

func (r *runner) eventTable(events []api.Event) error {
	rows := make([][]string, len(events))
	for i, e := range events {
		change := r.statusCell(e.OldStatus) + " → " + r.statusCell(e.NewStatus)
		if r.output == "plain" {
			change = api.Printable(e.OldStatus) + "\t" + api.Printable(e.NewStatus)
		}
		rows[i] = []string{e.CreatedAt.UTC().Format(time.RFC3339), api.Printable(e.EventType), change, api.Printable(e.Reason)}
	}
	header := []string{"TIME", "TYPE", "STATUS", "REASON"}
	if r.output == "plain" {
		header = []string{"TIME", "TYPE", "OLD_STATUS\tNEW_STATUS", "REASON"}
	}
	return r.table(header, rows, -1, nil)
}

// say prints a one-line result of an action.
func (r *runner) say(format string, args ...any) error {
	_, err := fmt.Fprintf(r.io.Stdout, format+"\n", args...)
	return err
}
