package api

import (
	"cmp"
	"context"
	"fmt"
	"iter"
)

// DefaultMaxPages stops a walk that has not ended after this many pages: at the largest page
// size that is ten million volumes, so only a misbehaving server reaches it.
const DefaultMaxPages = 10000

// WalkOptions shape a walk over every page.
type WalkOptions struct {
	Limit    int // page size asked for; 0: the largest the server takes (LargestPage)
	MaxPages int // 0: DefaultMaxPages
	Expect   int // items expected over all pages (the last walk's count), so AllVolumes allocates once
}

// CursorRepeatError stops a walk whose server handed back a cursor it had already given.
type CursorRepeatError struct {
	Cursor string
	Page   int
}

func (e *CursorRepeatError) Error() string {
	return fmt.Sprintf("the server sent cursor %q again on page %d; stopped instead of looping", e.Cursor, e.Page)
}

// PageLimitError stops a walk that passed its page limit.
type PageLimitError struct{ MaxPages int }

func (e *PageLimitError) Error() string {
	return fmt.Sprintf("stopped after %d pages: the server kept sending a next cursor", e.MaxPages)
}

// walk yields pages from fetch until the cursor runs out, an error occurs, the consumer stops,
// a cursor repeats, or the page limit is passed. An error is yielded once, last.
func walk[P any](ctx context.Context, opts WalkOptions, fetch func(context.Context, ListOptions) (P, string, error)) iter.Seq2[P, error] {
	limit := cmp.Or(opts.Limit, LargestPage)
	maxPages := cmp.Or(opts.MaxPages, DefaultMaxPages)
	return func(yield func(P, error) bool) {
		seen := map[string]bool{}
		cursor := ""
		for page := 1; ; page++ {
			var zero P
			if page > maxPages {
				yield(zero, &PageLimitError{MaxPages: maxPages})
				return
			}
			got, next, err := fetch(ctx, ListOptions{Limit: limit, Cursor: cursor})
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(got, nil) || next == "" {
				return
			}
			if seen[next] {
				yield(zero, &CursorRepeatError{Cursor: next, Page: page})
				return
			}
			seen[next] = true
			cursor = next
		}
	}
}

// VolumePages walks every page of the volume list, first page first, so a caller can show
// the first page before the rest arrive.
func (c *Client) VolumePages(ctx context.Context, opts WalkOptions) iter.Seq2[VolumePage, error] {
	return walk(ctx, opts, func(ctx context.Context, lo ListOptions) (VolumePage, string, error) {
		page, err := c.ListVolumes(ctx, lo)
		return page, page.NextCursor, err
	})
}

// EventPages walks every page of a volume's events.
func (c *Client) EventPages(ctx context.Context, uid string, opts WalkOptions) iter.Seq2[EventPage, error] {
	return walk(ctx, opts, func(ctx context.Context, lo ListOptions) (EventPage, string, error) {
		page, err := c.ListVolumeEvents(ctx, uid, lo)
		return page, page.NextCursor, err
	})
}

// AllVolumes collects every volume over every page.
func (c *Client) AllVolumes(ctx context.Context, opts WalkOptions) ([]Volume, error) {
	all := make([]Volume, 0, opts.Expect+opts.Expect/16)
	for page, err := range c.VolumePages(ctx, opts) {
		if err != nil {
			return all, err
		}
		all = append(all, page.Items...)
	}
	return all, nil
}

// AllEvents collects every event of a volume over every page.
func (c *Client) AllEvents(ctx context.Context, uid string, opts WalkOptions) ([]Event, error) {
	var all []Event
	for page, err := range c.EventPages(ctx, uid, opts) {
		if err != nil {
			return all, err
		}
		all = append(all, page.Items...)
	}
	return all, nil
}
