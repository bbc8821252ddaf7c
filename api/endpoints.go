package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// MaxPageLimit is the largest page the API is asked for.
const MaxPageLimit = 1000

// ListOptions select one page.
type ListOptions struct {
	Limit  int    // 0: the server's default
	Cursor string // "": the first page
}

func (o ListOptions) query() (url.Values, error) {
	q := url.Values{}
	if o.Limit < 0 || o.Limit > MaxPageLimit {
		return nil, &ValidationError{Err: fmt.Errorf("page limit %d is outside 1..%d", o.Limit, MaxPageLimit)}
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Cursor != "" {
		q.Set("cursor", o.Cursor)
	}
	return q, nil
}

func volumePath(uid string, rest ...string) (string, error) {
	if err := validUID(uid); err != nil {
		return "", &ValidationError{Err: err}
	}
	path := "/volumes/" + uid
	for _, r := range rest {
		path += "/" + r
	}
	return path, nil
}

// CreateVolume asks for a new volume (POST /volumes). It is never retried: if the answer is
// lost, list the volumes to learn whether it was created.
func (c *Client) CreateVolume(ctx context.Context, req CreateVolumeRequest) (OperationResponse, error) {
	var out OperationResponse
	if err := req.Validate(); err != nil {
		return out, &ValidationError{Err: err}
	}
	err := c.do(ctx, request{method: http.MethodPost, path: "/volumes", body: req, out: &out})
	return out, err
}

// ListVolumes fetches one page of volumes (GET /volumes).
func (c *Client) ListVolumes(ctx context.Context, opts ListOptions) (VolumePage, error) {
	var out VolumePage
	q, err := opts.query()
	if err != nil {
		return out, err
	}
	err = c.do(ctx, request{method: http.MethodGet, path: "/volumes", query: q, out: &out})
	return out, err
}

// GetVolume fetches one volume (GET /volumes/{uid}).
func (c *Client) GetVolume(ctx context.Context, uid string) (Volume, error) {
	var out Volume
	path, err := volumePath(uid)
	if err != nil {
		return out, err
	}
	err = c.do(ctx, request{method: http.MethodGet, path: path, out: &out})
	return out, err
}

// GetVolumeState fetches a volume's state alone (GET /volumes/{uid}/state): the cheap call for
// watching a volume in progress.
func (c *Client) GetVolumeState(ctx context.Context, uid string) (VolumeState, error) {
	var out VolumeState
	path, err := volumePath(uid, "state")
	if err != nil {
		return out, err
	}
	err = c.do(ctx, request{method: http.MethodGet, path: path, out: &out})
	return out, err
}

// ListVolumeEvents fetches one page of a volume's events (GET /volumes/{uid}/events).
func (c *Client) ListVolumeEvents(ctx context.Context, uid string, opts ListOptions) (EventPage, error) {
	var out EventPage
	path, err := volumePath(uid, "events")
	if err != nil {
		return out, err
	}
	q, err := opts.query()
	if err != nil {
		return out, err
	}
	err = c.do(ctx, request{method: http.MethodGet, path: path, query: q, out: &out})
	return out, err
}

// RenameVolume sets a volume's name (PATCH /volumes/{uid}) and returns the updated record.
func (c *Client) RenameVolume(ctx context.Context, uid, name string) (Volume, error) {
	var out Volume
	path, err := volumePath(uid)
	if err != nil {
		return out, err
	}
	if err := ValidateName(name); err != nil {
		return out, &ValidationError{Err: err}
	}
	err = c.do(ctx, request{method: http.MethodPatch, path: path, body: UpdateVolumeRequest{Name: name}, out: &out})
	return out, err
}

// DeleteVolume removes a volume's record (DELETE /volumes/{uid}); afterwards the volume
// answers 404. It does not tear down storage: DeprovisionVolume does.
func (c *Client) DeleteVolume(ctx context.Context, uid string) error {
	path, err := volumePath(uid)
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path})
}

// DeprovisionVolume tears down the storage provisioned for a volume
// (POST /volumes/{uid}/delete); the volume goes DELETING, then DELETED.
func (c *Client) DeprovisionVolume(ctx context.Context, uid string) (OperationResponse, error) {
	var out OperationResponse
	path, err := volumePath(uid, "delete")
	if err != nil {
		return out, err
	}
	err = c.do(ctx, request{method: http.MethodPost, path: path, out: &out})
	return out, err
}
