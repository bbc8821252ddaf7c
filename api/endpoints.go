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

// LargestPage, as a limit, asks for pages as large as the server takes: MaxPageLimit until a
// server refuses that, then the largest it took, for the rest of the client's life.
const LargestPage = -1

// ListOptions select one page.
type ListOptions struct {
	Limit  int    // 0: the server's default; LargestPage: the largest it takes
	Cursor string // "": the first page
}

// list asks for one page of a list. With LargestPage, a first page refused as a bad request
// is asked for again in smaller pages: the limit is all such a request carries that a server
// can refuse (a later page's cursor could be what it refused, so those are not retried).
func (c *Client) list(ctx context.Context, path string, opts ListOptions, out any) error {
	largest := opts.Limit == LargestPage
	for {
		if largest {
			opts.Limit = int(c.largestPage.Load())
		}
		q, err := opts.query()
		if err != nil {
			return err
		}
		err = c.do(ctx, request{method: http.MethodGet, path: path, query: q, out: out})
		smaller := smallerPage(int32(opts.Limit))
		if !largest || !IsBadRequest(err) || opts.Cursor != "" || smaller == 0 {
			return err
		}
		c.largestPage.CompareAndSwap(int32(opts.Limit), smaller)
		if c.logger != nil {
			c.logger.Info("the server refused a page size; asking for smaller pages", "limit", opts.Limit, "next", smaller)
		}
	}
}

// smallerPage is the next page size to try below limit, or 0 when there is none.
func smallerPage(limit int32) int32 {
	for _, step := range [...]int32{500, 200, 100, 50, 20, 10} {
		if step < limit {
			return step
		}
	}
	return 0
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
	err := c.list(ctx, "/volumes", opts, &out)
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
	err = c.list(ctx, path, opts, &out)
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
