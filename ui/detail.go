package ui

import (
	"fmt"
	"strings"

	"tvol/api"
)

// detailPane shows every field of the selected volume.
type detailPane struct {
	common        *common
	width, height int
	vol           api.Volume
	has           bool
}

func (d *detailPane) SetSize(w, h int)       { d.width, d.height = w, h }
func (d *detailPane) SetVolume(v api.Volume) { d.vol, d.has = v, true }
func (d *detailPane) Clear()                 { d.has = false }

func (d *detailPane) View() string {
	s := d.common.styles
	if !d.has {
		return s.Muted.Render("no volume selected")
	}
	v := d.vol
	now := d.common.now()
	class := api.ClassOf(v.State.Status)
	status := s.Status[class].Render(class.Glyph() + " " + orNone(clean(v.State.Status)))
	if msg := clean(v.State.Message); msg != "" {
		status += " " + s.Muted.Render("— "+msg)
	}
	when := func(t api.Timestamp) string {
		if t.IsZero() {
			return "unknown"
		}
		return absolute(t.Time, d.common.loc) + s.Muted.Render(" ("+ago(t.Time, now)+")")
	}
	attachment := s.Muted.Render("not attached")
	if v.Attached() {
		attachment = clean(v.WorkloadUID) + " at " + orNone(clean(v.MountPath))
	}
	lines := [][2]string{
		{"Name", clean(v.Name)},
		{"UID", clean(v.UID)},
		{"Status", status},
		{"Size", fmt.Sprintf("%s (%d MiB)", api.FormatSize(v.SizeMiB), v.SizeMiB)},
		{"Resource", orNone(clean(v.ResourceName))},
		{"PVC", orNone(clean(v.PVCName))},
		{"Cost", fmt.Sprintf("%s/h · %s/day · %s/month", money(v.CostPerHour), money(v.CostPerHour*24), money(v.CostPerHour*hoursPerMonth))},
		{"Attached", attachment},
		{"Created", when(v.CreatedAt)},
		{"Updated", when(v.UpdatedAt)},
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fit(s.Label.Render(fit(l[0], 9))+" "+l[1], d.width))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
