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

// statusClasses lists the known statuses, lower-cased; anything else is ClassUnknown.
var statusClasses = map[string]StatusClass{
	"provisioning": ClassInProgress,
	"registered":   ClassInProgress,
	"pending":      ClassInProgress,
	"creating":     ClassInProgress,
	"deleting":     ClassInProgress,
	"ready":        ClassHealthy,
	"active":       ClassHealthy,
	"running":      ClassHealthy,
	"failed":       ClassFailed,
	"error":        ClassFailed,
	"deleted":      ClassGone,
	"suspended":    ClassIdle,
	"stopped":      ClassIdle,
}

// ClassOf classifies a status case-insensitively; surrounding spaces are ignored.
func ClassOf(status string) StatusClass {
	return statusClasses[strings.ToLower(strings.TrimSpace(status))]
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

// Is reports whether status, compared case-insensitively, equals want.
func StatusIs(status, want string) bool {
	return strings.EqualFold(strings.TrimSpace(status), want)
}
