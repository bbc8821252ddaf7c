package api

import "strings"

// StatusClass groups the many status strings servers send into what a user needs to know.
type StatusClass int

// The status classes, in the order a summary lists them.
const (
	ClassUnknown StatusClass = iota
	ClassInProgress
	ClassHealthy
	ClassFailed
	ClassGone
	ClassIdle
)

// ClassOf classifies a status case-insensitively; surrounding spaces are ignored. Anything
// not listed is ClassUnknown: its own visible class, never an error.
func ClassOf(status string) StatusClass {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "provisioning", "registered", "pending", "creating", "deleting":
		return ClassInProgress
	case "ready", "active", "running":
		return ClassHealthy
	case "failed", "error":
		return ClassFailed
	case "deleted":
		return ClassGone
	case "suspended", "stopped":
		return ClassIdle
	default:
		return ClassUnknown
	}
}

// StatusClasses lists every class, unknown last, in a stable order for summaries.
func StatusClasses() []StatusClass {
	return []StatusClass{ClassInProgress, ClassHealthy, ClassFailed, ClassIdle, ClassGone, ClassUnknown}
}

// String names the class as a user reads it.
func (c StatusClass) String() string {
	switch c {
	case ClassInProgress:
		return "in progress"
	case ClassHealthy:
		return "healthy"
	case ClassFailed:
		return "failed"
	case ClassGone:
		return "gone"
	case ClassIdle:
		return "idle"
	default:
		return "unknown"
	}
}

// Settled reports whether a volume in this class will not change without someone acting:
// only volumes in progress need watching.
func (c StatusClass) Settled() bool { return c != ClassInProgress }

// StatusIs reports whether status, compared case-insensitively, equals want.
func StatusIs(status, want string) bool {
	return strings.EqualFold(strings.TrimSpace(status), want)
}

// Glyph is the class's symbol, so a status reads without colour too. Narrow, single code
// points: they measure one cell everywhere.
func (c StatusClass) Glyph() string {
	switch c {
	case ClassInProgress:
		return "◌"
	case ClassHealthy:
		return "●"
	case ClassFailed:
		return "✗"
	case ClassGone:
		return "○"
	case ClassIdle:
		return "◦"
	default:
		return "?"
	}
}
