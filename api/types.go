// Package api is the client side of the Targon Volumes API (v2): wire types, one method per
// endpoint, typed errors, paging, status classes and size units. It knows nothing of the UI.
package api

import (
	"bytes"
	"fmt"
	"time"
)

// Timestamp is an ISO 8601 time as the API sends it. It accepts null and "" as "unknown"
// (the zero time) so that one odd record cannot make a whole page unreadable.
type Timestamp struct{ time.Time }

// At wraps t as a Timestamp in UTC, to the second, as the API writes them.
func At(t time.Time) Timestamp { return Timestamp{t.UTC().Truncate(time.Second)} }

// UnmarshalJSON reads RFC 3339 and the common ISO 8601 variants; null and "" give the zero time.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("timestamp must be a string, got %.40s", b)
	}
	s := string(b[1 : len(b)-1])
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	// RFC 3339 is what the reference shows; the others are ISO 8601 forms servers also send.
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if parsed, err := time.Parse(layout, s); err == nil {
			t.Time = parsed
			return nil
		}
	}
	return fmt.Errorf("timestamp %.40q is not ISO 8601", s)
}

// MarshalJSON writes RFC 3339 in UTC; the zero time is written as null.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format(time.RFC3339) + `"`), nil
}

// State is the state object embedded in volumes and operation responses.
type State struct {
	Status    string    `json:"status"`
	Message   string    `json:"message"`
	UpdatedAt Timestamp `json:"updated_at,omitzero"`
}

// Volume is one volume record (list items, get, and the answer to a rename).
type Volume struct {
	UID          string    `json:"uid"`
	Name         string    `json:"name"`
	SizeMiB      int64     `json:"size"`
	ResourceName string    `json:"resource_name"`
	State        State     `json:"state"`
	CostPerHour  float64   `json:"cost_per_hour"`
	MountPath    string    `json:"mount_path,omitempty"`
	WorkloadUID  string    `json:"workload_uid,omitempty"`
	PVCName      string    `json:"pvc_name,omitempty"`
	CreatedAt    Timestamp `json:"created_at,omitzero"`
	UpdatedAt    Timestamp `json:"updated_at,omitzero"`
}

// Attached reports whether the volume is mounted by a workload.
func (v Volume) Attached() bool { return v.WorkloadUID != "" }

// VolumeState is the answer of the state endpoint: the state object flattened, plus the UID.
type VolumeState struct {
	UID       string    `json:"uid"`
	Status    string    `json:"status"`
	Message   string    `json:"message"`
	UpdatedAt Timestamp `json:"updated_at,omitzero"`
}

// OperationResponse is the answer to a create or a deprovision.
type OperationResponse struct {
	UID   string `json:"uid"`
	State State  `json:"state"`
}

// Event is one lifecycle event of a volume.
type Event struct {
	VolumeUID     string    `json:"volume_uid"`
	EventType     string    `json:"event_type"`
	OldStatus     string    `json:"old_status"`
	NewStatus     string    `json:"new_status"`
	Reason        string    `json:"reason"`
	ResourceName  string    `json:"resource_name"`
	PVCName       string    `json:"pvc_name"`
	RequestedSize string    `json:"requested_size"`
	CreatedAt     Timestamp `json:"created_at,omitzero"`
}

// VolumePage is one page of the volume list. NextCursor is "" on the last page (the server may
// also send null or leave it out; all three read as "").
type VolumePage struct {
	Items      []Volume `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

// EventPage is one page of a volume's events.
type EventPage struct {
	Items      []Event `json:"items"`
	NextCursor string  `json:"next_cursor"`
}

// CreateVolumeRequest is the body of a create.
type CreateVolumeRequest struct {
	Name         string `json:"name"`
	SizeMiB      int64  `json:"size_in_mb"`
	ResourceName string `json:"resource_name"`
}

// UpdateVolumeRequest is the body of a rename.
type UpdateVolumeRequest struct {
	Name string `json:"name"`
}

// ErrorBody is the JSON error answer: {"error": "...", "reason": "MACHINE_CODE"}.
type ErrorBody struct {
	Error  string `json:"error"`
	Reason string `json:"reason,omitempty"`
}
