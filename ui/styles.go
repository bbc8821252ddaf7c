package ui

import (
	"github.com/charmbracelet/lipgloss"

	"tvol/api"
)

// Theme is the colour scheme, resolved before the program starts (never by querying the
// terminal once Bubble Tea owns it).
type Theme int

// The themes.
const (
	ThemeDark Theme = iota
	ThemeLight
)

// palette is one theme's semantic colours.
type palette struct {
	text, muted, accent, selectedBg, border lipgloss.Color
	healthy, progress, failed, gone, idle   lipgloss.Color
	warn                                    lipgloss.Color
}

func paletteFor(t Theme) palette {
	if t == ThemeLight {
		return palette{text: "235", muted: "244", accent: "25", selectedBg: "254", border: "250",
			healthy: "28", progress: "130", failed: "160", gone: "244", idle: "61", warn: "166"}
	}
	return palette{text: "252", muted: "243", accent: "75", selectedBg: "237", border: "240",
		healthy: "78", progress: "214", failed: "203", gone: "245", idle: "141", warn: "208"}
}

// Styles are every style the UI uses, built once from a theme.
type Styles struct {
	App, Title, Muted, Accent, Warn, Error, OK lipgloss.Style
	Header, ColumnHeader, Row, SelectedRow     lipgloss.Style
	Pane, FocusedPane, PaneTitle               lipgloss.Style
	Label, Value                               lipgloss.Style
	HelpKey, HelpDesc                          lipgloss.Style
	Status                                     map[api.StatusClass]lipgloss.Style
}

// NewStyles builds the styles of a theme.
func NewStyles(t Theme) *Styles {
	p := paletteFor(t)
	base := lipgloss.NewStyle().Foreground(p.text)
	pane := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1)
	return &Styles{
		App:          base,
		Title:        base.Bold(true).Foreground(p.accent),
		Muted:        lipgloss.NewStyle().Foreground(p.muted),
		Accent:       lipgloss.NewStyle().Foreground(p.accent),
		Warn:         lipgloss.NewStyle().Foreground(p.warn).Bold(true),
		Error:        lipgloss.NewStyle().Foreground(p.failed).Bold(true),
		OK:           lipgloss.NewStyle().Foreground(p.healthy),
		Header:       base,
		ColumnHeader: lipgloss.NewStyle().Foreground(p.muted).Bold(true),
		Row:          base,
		SelectedRow:  base.Background(p.selectedBg).Bold(true),
		Pane:         pane,
		FocusedPane:  pane.BorderForeground(p.accent),
		PaneTitle:    lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		Label:        lipgloss.NewStyle().Foreground(p.muted),
		Value:        base,
		HelpKey:      lipgloss.NewStyle().Foreground(p.accent).Bold(true),
		HelpDesc:     lipgloss.NewStyle().Foreground(p.muted),
		Status: map[api.StatusClass]lipgloss.Style{
			api.ClassHealthy:    lipgloss.NewStyle().Foreground(p.healthy),
			api.ClassInProgress: lipgloss.NewStyle().Foreground(p.progress),
			api.ClassFailed:     lipgloss.NewStyle().Foreground(p.failed).Bold(true),
			api.ClassGone:       lipgloss.NewStyle().Foreground(p.gone),
			api.ClassIdle:       lipgloss.NewStyle().Foreground(p.idle),
			api.ClassUnknown:    lipgloss.NewStyle().Foreground(p.warn),
		},
	}
}
